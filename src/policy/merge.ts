/**
 * The merge of a policy's layers (lowest first, every one valid) into the engine's Policy, key
 * by key as the README's "Layers and how they merge" says. Pure apart from the built-in data.
 */
import { policySchema, type LicensesSection, type PolicyFile, type RepositorySection } from './definition.js';
import { compileGlob } from './glob.js';
import { mergePackageRules, packageRuleDefaults, type RuleLayer } from './package-rules.js';
import { expandLicenseEntry, licenseCategories } from './presets.js';
import { repositoryPolicy } from './repository.js';
import { readValid } from './schema.js';
import type { LicenseRules, Policy } from './types.js';

const DEFAULT_LICENSES: LicenseRules = { unknown: 'warn', changed: 'warn', scopes: ['runtime', 'development'], directOnly: false };

/** Merges the chain (lowest first, every layer valid) into the engine's Policy. */
export function toPolicy(chain: readonly RuleLayer[]): Policy {
  const policy: Policy = { mode: 'enforce', licenses: { ...DEFAULT_LICENSES }, packages: { deny: [] }, actions: { pin: 'any' }, exceptions: [], paths: [], ...packageRuleDefaults(), sbom: { releaseAsset: false }, repository: repositoryPolicy(undefined, expandCategories), sources: [] };
  const schema = policySchema(new Set(licenseCategories().keys()));
  let repository: RepositorySection | undefined;
  for (const { data, label } of chain) {
    const file: PolicyFile = readValid(data, schema);
    policy.sources.push(label);
    Object.assign(policy, mergePackageRules(policy, file));
    if (file.mode) policy.mode = file.mode;
    if (file.licenses) policy.licenses = mergeLicenseRules(policy.licenses, licenseRules(file.licenses));
    if (file.actions?.pin) policy.actions = { pin: file.actions.pin };
    if (file.sbom?.['release-asset'] !== undefined) policy.sbom = { releaseAsset: file.sbom['release-asset'] };
    for (const { purl, reason } of file.packages?.deny ?? []) policy.packages.deny.push({ purl, ...(reason ? { reason } : {}) });
    for (const entry of file.exceptions ?? []) {
      policy.exceptions.push({
        package: entry.package,
        reason: entry.reason,
        ...(entry.license !== undefined ? { license: entry.license } : {}),
        ...(entry.id !== undefined ? { id: entry.id } : {}),
        ...(entry['approved-by'] !== undefined ? { approvedBy: entry['approved-by'] } : {}),
        ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
        source: label,
      });
    }
    for (const entry of file.paths ?? []) {
      compileGlob(entry.match); // once, here: the judge looks each glob up by its text
      // `rules` is set once every layer's `licenses:` is known (below).
      policy.paths.push({ match: entry.match, ignore: entry.ignore === true, licenses: licenseRules(entry.licenses ?? {}), rules: policy.licenses });
    }
    if (file.repository) repository = deepMerge(repository ?? {}, file.repository);
  }
  if (repository) policy.repository = repositoryPolicy(repository, expandCategories);
  mergePathRules(policy);
  return policy;
}

/** Over the final license rules: a later layer's `licenses:` applies under an earlier layer's `paths`. */
export function mergePathRules(policy: Policy): void {
  for (const rule of policy.paths) rule.rules = { ...policy.licenses, ...rule.licenses };
}

/** A layer's license rules over the ones below: deny lists add up (a layer can't lift a deny), anything else it sets wins. */
function mergeLicenseRules(below: LicenseRules, layer: Partial<LicenseRules>): LicenseRules {
  const merged = { ...below, ...layer };
  if (below.deny && layer.deny) merged.deny = [...new Set([...below.deny, ...layer.deny])];
  return merged;
}

/** The kebab-case `licenses` mapping as LicenseRules fields, categories expanded to SPDX ids. */
function licenseRules(section: LicensesSection): Partial<LicenseRules> {
  const rules: Partial<LicenseRules> = {};
  if (section.allow) rules.allow = expandCategories(section.allow);
  if (section.deny) rules.deny = expandCategories(section.deny);
  if (section.unknown) rules.unknown = section.unknown;
  if (section.changed) rules.changed = section.changed;
  if (section.scopes) rules.scopes = section.scopes;
  if (section['direct-only'] !== undefined) rules.directOnly = section['direct-only'];
  return rules;
}

function expandCategories(entries: readonly string[]): string[] {
  return [...new Set(entries.flatMap((entry) => expandLicenseEntry(entry)))];
}

/** `over` on top of `base`, mappings merged key by key, anything else replaced (`repository:` across layers). */
function deepMerge<T extends object>(base: T, over: T): T {
  // Read as plain mappings (what the YAML was); typed again on the way out.
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  // Key by key, each value from one of two T's (or two of their mappings merged alike): still a T.
  return merged as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

