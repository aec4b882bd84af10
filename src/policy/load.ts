/**
 * Policy text -> Policy: YAML parse with positions, schema check, `extends` presets, and the merge
 * preset -> organization -> repository. Pure apart from reading the built-in presets.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Scope } from '../ecosystems/types.js';
import { policySchema } from './definition.js';
import { licenseCategories, presetNames, presetText } from './presets.js';
import { checkNode } from './schema.js';
import type { LicenseRules, Policy, PolicyError } from './types.js';

/** A policy file's text and the name it is reported under (`.github/ospo-gatekeeper.yml`, `acme/.github:...`). */
export interface PolicySource {
  path: string;
  text: string;
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

/** The plain data of one validated policy file (kebab-case keys as written). */
type PolicyData = Record<string, unknown>;

interface ParsedFile {
  data: PolicyData;
  /** Line/column of each top-level key, for errors found after the schema check. */
  keyPositions: Map<string, { line: number; column: number }>;
}

/** Parses and checks one policy file. Errors carry the file, line and column. */
export function parsePolicyFile(source: PolicySource): { ok: true; file: ParsedFile } | { ok: false; errors: PolicyError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const located = (message: string, offset?: number): PolicyError => {
    if (offset === undefined) return { path: source.path, message };
    const { line, col } = lines.linePos(offset);
    return { path: source.path, line, column: col, message };
  };
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((error) => located(`invalid YAML: ${firstLine(error.message)}`, error.pos[0])) };
  }
  if (doc.contents === null) return { ok: true, file: { data: {}, keyPositions: new Map() } }; // an empty file is an empty policy
  const categories = new Set(licenseCategories().keys());
  const errors: PolicyError[] = checkNode(doc.contents as Node, policySchema(categories), '', lines).map((error) => ({
    path: source.path,
    ...error,
  }));
  const keyPositions = new Map<string, { line: number; column: number }>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = pair.key as Node;
      if (isScalar(key) && key.range) {
        const { line, col } = lines.linePos(key.range[0]);
        keyPositions.set(String(key.value), { line, column: col });
      }
    }
  }
  errors.push(...overlapErrors(doc.getIn(['licenses', 'allow'], true) as Node, doc.getIn(['licenses', 'deny'], true) as Node, source.path, lines));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, file: { data: doc.toJS() as PolicyData, keyPositions } };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** `use allow or deny, or both without overlap` (DESIGN.md). */
function overlapErrors(allowNode: Node | undefined, denyNode: Node | undefined, path: string, lines: LineCounter): PolicyError[] {
  if (!isSeq(allowNode) || !isSeq(denyNode)) return [];
  const expandEntry = (value: unknown): string[] => licenseCategories().get(String(value)) ?? [String(value)];
  const allowed = new Set(allowNode.items.flatMap((item) => (isScalar(item) ? expandEntry(item.value) : [])));
  const errors: PolicyError[] = [];
  for (const item of denyNode.items) {
    if (!isScalar(item)) continue;
    const overlap = expandEntry(item.value).filter((id) => allowed.has(id));
    if (overlap.length > 0 && item.range) {
      const { line, col } = lines.linePos(item.range[0]);
      errors.push({ path, line, column: col, message: `licenses.deny: "${String(item.value)}" is also allowed (${overlap.slice(0, 3).join(', ')}): use allow or deny, or both without overlap` });
    }
  }
  return errors;
}

const DEFAULT_LICENSES: LicenseRules = { unknown: 'warn', changed: 'warn', scopes: ['runtime', 'development'], directOnly: false };

/**
 * Loads the policy that applies to a repository: the organization's file (from its `.github`
 * repository) and the repository's own, each over the preset it `extends`. With neither file,
 * the `permissive` preset.
 */
export function loadPolicy(layers: { org?: PolicySource; repo?: PolicySource }): PolicyResult {
  const files: { source: PolicySource; role: 'org' | 'repo' }[] = [];
  if (layers.org) files.push({ source: layers.org, role: 'org' });
  if (layers.repo) files.push({ source: layers.repo, role: 'repo' });
  if (files.length === 0) files.push({ source: presetSource('permissive'), role: 'org' });

  const errors: PolicyError[] = [];
  const chain: { data: PolicyData; label: string }[] = [];
  let allowedForRepo: string[] | undefined;
  for (const { source, role } of files) {
    const parsed = parsePolicyFile(source);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const { data, keyPositions } = parsed.file;
    if (role === 'repo') errors.push(...overrideErrors(data, keyPositions, source.path, allowedForRepo, layers.org?.path));
    if (role === 'org') allowedForRepo = (data.overrides as { allowed?: string[] } | undefined)?.allowed;
    if (typeof data.extends === 'string') {
      const preset = presetText(data.extends);
      if (preset === undefined) {
        const position = keyPositions.get('extends');
        errors.push({
          path: source.path,
          ...position,
          message: `extends: unknown preset "${data.extends}" (built-in presets: ${presetNames().join(', ')}; extending another repository's file is not supported yet)`,
        });
        continue;
      }
      const presetParsed = parsePolicyFile(presetSource(data.extends));
      if (!presetParsed.ok) errors.push(...presetParsed.errors);
      else chain.push({ data: presetParsed.file.data, label: `preset:${data.extends}` });
    }
    chain.push({ data, label: source.path });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, policy: toPolicy(chain) };
}

function presetSource(name: string): PolicySource {
  const text = presetText(name);
  if (text === undefined) throw new Error(`built-in preset ${name} is missing from policies/`);
  return { path: `policies/${name}.yml`, text };
}

function overrideErrors(
  data: PolicyData,
  positions: Map<string, { line: number; column: number }>,
  path: string,
  allowed: string[] | undefined,
  orgPath: string | undefined,
): PolicyError[] {
  const errors: PolicyError[] = [];
  if ('overrides' in data) {
    errors.push({ path, ...positions.get('overrides'), message: 'overrides: only the organization policy can say what repositories may change' });
  }
  if (allowed === undefined) return errors;
  for (const key of Object.keys(data)) {
    if (key === 'overrides' || allowed.includes(key)) continue;
    errors.push({
      path,
      ...positions.get(key),
      message: `${key}: the organization policy (${orgPath ?? 'org'}) lets repositories change only ${allowed.length > 0 ? allowed.join(', ') : 'nothing'}`,
    });
  }
  return errors;
}

/** Merges the chain (lowest first) into the engine's Policy. */
function toPolicy(chain: { data: PolicyData; label: string }[]): Policy {
  const policy: Policy = { mode: 'enforce', licenses: { ...DEFAULT_LICENSES }, packages: { deny: [] }, exceptions: [], paths: [], sources: [] };
  for (const { data, label } of chain) {
    policy.sources.push(label);
    if (data.mode === 'enforce' || data.mode === 'warn') policy.mode = data.mode;
    if (data.licenses) policy.licenses = { ...policy.licenses, ...licenseRules(data.licenses as PolicyData) } as LicenseRules;
    const packages = data.packages as { deny?: { purl: string; reason?: string }[] } | undefined;
    policy.packages.deny.push(...(packages?.deny ?? []).map((entry) => ({ purl: entry.purl, ...(entry.reason ? { reason: entry.reason } : {}) })));
    for (const entry of (data.exceptions as PolicyData[] | undefined) ?? []) {
      policy.exceptions.push({
        package: String(entry.package),
        reason: String(entry.reason),
        ...(entry.license !== undefined ? { license: String(entry.license) } : {}),
        ...(entry['approved-by'] !== undefined ? { approvedBy: String(entry['approved-by']) } : {}),
        ...(entry.expires !== undefined ? { expires: isoDate(entry.expires) } : {}),
      });
    }
    for (const entry of (data.paths as PolicyData[] | undefined) ?? []) {
      policy.paths.push({ match: String(entry.match), ignore: entry.ignore === true, licenses: licenseRules((entry.licenses as PolicyData | undefined) ?? {}) });
    }
    if (data.repository) policy.repository = deepMerge(policy.repository ?? {}, data.repository as PolicyData);
  }
  return policy;
}

/** The kebab-case `licenses` mapping as LicenseRules fields, categories expanded to SPDX ids. */
function licenseRules(data: PolicyData): Partial<LicenseRules> {
  const rules: Partial<LicenseRules> = {};
  if (Array.isArray(data.allow)) rules.allow = expandCategories(data.allow);
  if (Array.isArray(data.deny)) rules.deny = expandCategories(data.deny);
  if (typeof data.unknown === 'string') rules.unknown = data.unknown as LicenseRules['unknown'];
  if (typeof data.changed === 'string') rules.changed = data.changed as LicenseRules['changed'];
  if (Array.isArray(data.scopes)) rules.scopes = data.scopes as Scope[];
  if (typeof data['direct-only'] === 'boolean') rules.directOnly = data['direct-only'];
  return rules;
}

function expandCategories(entries: unknown[]): string[] {
  const categories = licenseCategories();
  return [...new Set(entries.flatMap((entry) => categories.get(String(entry)) ?? [String(entry)]))];
}

function isoDate(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

