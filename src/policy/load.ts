/**
 * Policy text -> Policy: YAML parse with positions, schema check, `extends` (presets, and the
 * files policy/chain.ts has read), and the merge preset -> parents -> organization -> parents ->
 * repository. Pure apart from reading the built-in presets.
 */
import { didYouMean } from '../words.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import { exceptionConflicts, policySchema, type LicensesSection, type PolicyFile, type RepositorySection } from './definition.js';
import { compileGlob } from './glob.js';
import { licenseCategories, presetNames, presetText } from './presets.js';
import { mergePackageRules, packageRuleConflicts, packageRuleDefaults, packageRulePositions, type RuleLayer } from './package-rules.js';
import { checkNode, readValid } from './schema.js';
import { enforceLocks, LOCKABLE_KEYS, lockPositions, type LockableKey, type LockLayer } from './locks.js';
import type { LicenseRules, Policy, PolicyError } from './types.js';
import { notAPolicyError } from './not-a-policy.js';
import { parsePolicyReference } from './reference.js';
import { repositoryPolicy } from './repository.js';

export { packageRuleDefaults } from './package-rules.js';

/** A policy file's text and the name it is reported under (`.github/ospo-gatekeeper.yml`, `acme/.github:...`). */
export interface PolicySource {
  path: string;
  text: string;
  /**
   * Why the file was not read (over the size limit, not a regular file), said by the reader that
   * looked before reading: reported as the file's only error, `text` is then not looked at.
   */
  unreadable?: string;
  /**
   * The files this one `extends`, already read (policy/chain.ts): nearest first, and what could
   * not be followed (an unreadable parent, a cycle, a chain too deep) as errors at the `extends`
   * line that names it. Undefined: not followed, so a file that extends another file is an error.
   */
  extended?: { parents: PolicySource[]; errors: PolicyError[] };
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

/** The plain data of one validated policy file (kebab-case keys as written). */
type PolicyData = Record<string, unknown>;

interface ParsedFile {
  data: PolicyData;
  /** Line/column of each top-level key, for errors found after the schema check. */
  keyPositions: Map<string, { line: number; column: number }>;
  /** Line/column of the package-rule keys checked against each other across layers (`scorecard.fail-below`). */
  rulePositions: Map<string, { line: number; column: number }>;
  /** Line/column of every `section.key` and `overrides.locked` entry, for lock errors. */
  lockPositions: Map<string, { line: number; column: number }>;
}

/** Policy files above this size are refused before parsing (a 5 MB file took seconds to parse). */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** More aliases than this is refused: an alias bomb expands exponentially. */
export const MAX_POLICY_ALIASES = 100;
/**
 * yaml's own guard, on how far aliases expand (uses of an anchor times the aliases inside it):
 * what catches a bomb of nested anchors with fewer aliases than the limit. Above
 * MAX_POLICY_ALIASES so that a flat anchor used 100 times is not refused.
 */
const MAX_ALIAS_EXPANSION = 10 * MAX_POLICY_ALIASES;

/** Why a policy file of this many bytes is not read, or undefined when it may be. For readers to ask before reading. */
export function policySizeProblem(bytes: number): string | undefined {
  return bytes > MAX_POLICY_BYTES ? `the file is ${bytes} bytes; a policy file may be at most ${MAX_POLICY_BYTES} bytes (1 MiB)` : undefined;
}

/** Parses and checks one policy file. Errors carry the file, line and column, sorted. */
export function parsePolicyFile(source: PolicySource): { ok: true; file: ParsedFile } | { ok: false; errors: PolicyError[] } {
  const read = readPolicyFile(source);
  if (read.file === undefined || read.errors.length > 0) return { ok: false, errors: sortPolicyErrors(read.errors) };
  return { ok: true, file: read.file };
}

/**
 * Every error one file has on its own. `file` is there whenever the text is a policy at all
 * (valid YAML, within the limits, policy-shaped), even with schema errors, so the caller can
 * still check `extends` and `overrides` and report everything in one run.
 */
function readPolicyFile(source: PolicySource): { errors: PolicyError[]; file?: ParsedFile } {
  if (source.unreadable !== undefined) return { errors: [{ path: source.path, message: source.unreadable }] };
  const tooLarge = policySizeProblem(Buffer.byteLength(source.text, 'utf8'));
  if (tooLarge) return { errors: [{ path: source.path, message: tooLarge }] };
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const located = (message: string, offset?: number): PolicyError => {
    if (offset === undefined) return { path: source.path, message };
    const { line, col } = lines.linePos(offset);
    return { path: source.path, line, column: col, message };
  };
  if (doc.errors.length > 0) return { errors: doc.errors.map((error) => located(`invalid YAML: ${yamlProblem(error.message)}`, error.pos[0])) };
  const aliasProblems = aliasErrors(doc, located);
  if (aliasProblems.length > 0) return { errors: aliasProblems };
  const tooDeep = firstTooDeep(doc.contents);
  if (tooDeep !== undefined) return { errors: [located(`invalid YAML: ${TOO_DEEP}`, tooDeep)] };
  if (doc.contents === null) return { errors: [], file: { data: {}, keyPositions: new Map(), rulePositions: new Map(), lockPositions: new Map() } }; // an empty file is an empty policy
  const notPolicy = notAPolicyError(doc.contents as Node, source.path, lines);
  if (notPolicy) return { errors: [notPolicy] };
  let data: PolicyData;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }) as PolicyData;
  } catch (error) {
    // yaml counts aliases by how far they expand: fewer than the limit can still nest into a bomb.
    return { errors: [located(`YAML aliases expand too far (${(error as Error).message}); write the values out`, 0)] };
  }
  const categories = new Set(licenseCategories().keys());
  const errors: PolicyError[] = checkNode(doc.contents as Node, policySchema(categories), '', lines, doc).map((error) => ({ path: source.path, ...error }));
  errors.push(...allOverlapErrors(doc, source.path, lines));
  errors.push(...exceptionConflicts(resolved(doc, ['exceptions']), source.path, lines));
  return { errors, file: { data, keyPositions: topLevelKeyPositions(doc.contents as Node, lines), rulePositions: packageRulePositions(doc, lines), lockPositions: lockPositions(doc, lines) } };
}

/** What a file's `extends` names, and where, when it is text: what policy/chain.ts follows. */
export function extendsOf(source: PolicySource): { name: string; at: { line?: number; column?: number } } | undefined {
  const file = readPolicyFile(source).file;
  const name = file?.data.extends;
  return typeof name === 'string' ? { name, at: { ...file?.keyPositions.get('extends') } } : undefined;
}

/** The node at `path`, through an alias if it is one. */
function resolved(doc: Document, path: (string | number)[]): Node | undefined {
  const node = doc.getIn(path, true) as Node | undefined;
  return isAlias(node) ? node.resolve(doc) : node;
}

function topLevelKeyPositions(contents: Node, lines: LineCounter): Map<string, { line: number; column: number }> {
  const positions = new Map<string, { line: number; column: number }>();
  if (!isMap(contents)) return positions;
  for (const pair of contents.items) {
    const key = pair.key as Node;
    if (isScalar(key) && key.range) {
      const { line, col } = lines.linePos(key.range[0]);
      positions.set(String(key.value), { line, column: col });
    }
  }
  return positions;
}

/** Too many aliases, or an alias inside the node it names (which would make the data endless). */
function aliasErrors(doc: Document, located: (message: string, offset?: number) => PolicyError): PolicyError[] {
  const aliases: Alias[] = [];
  visit(doc, { Alias: (_, alias) => void aliases.push(alias) });
  if (aliases.length > MAX_POLICY_ALIASES) {
    return [located(`the file has ${aliases.length} YAML aliases; a policy file may have at most ${MAX_POLICY_ALIASES}`, aliases[MAX_POLICY_ALIASES]?.range?.[0])];
  }
  return aliases.flatMap((alias) => {
    const target = alias.resolve(doc);
    const inside = target?.range && alias.range && target.range[0] <= alias.range[0] && alias.range[1] <= target.range[1];
    return inside ? [located(`alias *${alias.source} is inside the node it refers to`, alias.range?.[0])] : [];
  });
}

/** Sorted by file (in the order the files came), then line and column; errors without a position first. */
export function sortPolicyErrors(errors: readonly PolicyError[]): PolicyError[] {
  const fileOrder = new Map<string, number>();
  for (const error of errors) if (!fileOrder.has(error.path)) fileOrder.set(error.path, fileOrder.size);
  return [...errors].sort(
    (a, b) => (fileOrder.get(a.path) ?? 0) - (fileOrder.get(b.path) ?? 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/** Levels a policy may nest (it needs five or six): deeper is refused before anything walks it. */
const MAX_NESTING = 64;
const TOO_DEEP = `the values nest too deep to read (a policy needs a few levels; this point is more than ${MAX_NESTING} deep)`;

/** The offset of the first node deeper than MAX_NESTING, walked without recursion; undefined when none is. */
function firstTooDeep(contents: unknown): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING) return node.range?.[0] ?? 0;
    for (const item of node.items) stack.push({ node: isMap(node) ? (item as { value: unknown }).value : item, depth: depth + 1 });
  }
  return undefined;
}

/**
 * The parser's message, its first line. Thousands of nested levels overflow the parser's stack
 * (it reports a RangeError at the point it gave up): said as what the file does wrong.
 */
function yamlProblem(message: string): string {
  if (message.includes('Maximum call stack size exceeded')) return TOO_DEEP;
  return firstLine(message);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * `use allow or deny, or both without overlap` (DESIGN.md): a license both allowed and denied
 * (directly or through a category) is an error at each entry that names it, in both lists, so
 * the admin sees both sides of the contradiction. `where` is the lists' key path (`licenses`,
 * `paths[0].licenses`).
 */
function overlapErrors(allowNode: Node | undefined, denyNode: Node | undefined, where: string, path: string, lines: LineCounter): PolicyError[] {
  if (!isSeq(allowNode) || !isSeq(denyNode)) return [];
  const expandEntry = (value: unknown): string[] => licenseCategories().get(String(value)) ?? [String(value)];
  // License ids match case-insensitively (SPDX Annex D), so `mit` and `MIT` overlap.
  const idsOf = (list: typeof allowNode) => new Set(list.items.flatMap((item) => (isScalar(item) ? expandEntry(item.value).map((id) => id.toLowerCase()) : [])));
  const allowed = idsOf(allowNode);
  const denied = idsOf(denyNode);
  const errors: PolicyError[] = [];
  const check = (list: typeof allowNode, key: 'allow' | 'deny', other: Set<string>, otherWord: string) => {
    for (const item of list.items) {
      if (!isScalar(item) || !item.range) continue;
      const overlap = expandEntry(item.value).filter((id) => other.has(id.toLowerCase()));
      if (overlap.length === 0) continue;
      const { line, col } = lines.linePos(item.range[0]);
      errors.push({ path, line, column: col, message: `${where}.${key}: "${String(item.value)}" is also ${otherWord} (${overlap.slice(0, 3).join(', ')}): use allow or deny, or both without overlap` });
    }
  };
  check(allowNode, 'allow', denied, 'denied');
  check(denyNode, 'deny', allowed, 'allowed');
  return errors;
}

/** The overlap checks of the file's `licenses:` and of each `paths[].licenses`. */
function allOverlapErrors(doc: Document, path: string, lines: LineCounter): PolicyError[] {
  const errors = overlapErrors(resolved(doc, ['licenses', 'allow']), resolved(doc, ['licenses', 'deny']), 'licenses', path, lines);
  const paths = resolved(doc, ['paths']);
  if (isSeq(paths)) {
    paths.items.forEach((_, index) => {
      errors.push(...overlapErrors(resolved(doc, ['paths', index, 'licenses', 'allow']), resolved(doc, ['paths', index, 'licenses', 'deny']), `paths[${index}].licenses`, path, lines));
    });
  }
  return errors;
}

const DEFAULT_LICENSES: LicenseRules = { unknown: 'warn', changed: 'warn', scopes: ['runtime', 'development'], directOnly: false };

/**
 * Loads the policy that applies to a repository: the organization's file (from its `.github`
 * repository) and the repository's own, each over the files it `extends` (`extended`, read
 * before) and the preset its deepest parent extends. With neither file, the `permissive` preset.
 */
export function loadPolicy(layers: { org?: PolicySource; repo?: PolicySource }): PolicyResult {
  const files: { source: PolicySource; role: 'org' | 'repo' }[] = [];
  if (layers.org) files.push({ source: layers.org, role: 'org' });
  if (layers.repo) files.push({ source: layers.repo, role: 'repo' });
  if (files.length === 0) files.push({ source: presetSource('permissive'), role: 'org' });

  const errors: PolicyError[] = [];
  const chain: RuleLayer[] = [];
  let allowedForRepo: string[] | undefined;
  // The org's locks, where its file writes them, and how many layers of the chain are the org's.
  let locks: { keys: LockableKey[]; org: LockLayer; orgLayers: number } | undefined;
  let repoLayer: LockLayer | undefined;
  for (const { source, role } of files) {
    // A repository's parents are held to what the org lets repositories change, as its own file is.
    const allowed = allowedForRepo;
    const overrides = role === 'repo' ? (file: ParsedFile, path: string) => overrideErrors(file.data, file.keyPositions, path, allowed, layers.org?.path) : undefined;
    const layerFiles = chainFiles(source, overrides);
    for (const { source: file, parsed, presetLabel } of layerFiles) {
      if (parsed === undefined) continue;
      if (role === 'org' && !presetLabel) allowedForRepo = allowedKeys(parsed.data) ?? allowedForRepo;
      chain.push({ data: parsed.data, label: presetLabel ?? file.path, path: file.path, positions: parsed.rulePositions });
    }
    // Reported nearest first: the file itself, then what it extends (errors sort by file in this order).
    for (const file of [...layerFiles].reverse()) errors.push(...file.errors, ...file.extendsErrors);
    // The file itself is the last of its chain: its locks (org) or its lines (repository) are the ones the lock errors name.
    const own = layerFiles[layerFiles.length - 1]?.parsed;
    const lockLayer = { path: source.path, positions: own?.lockPositions ?? new Map() };
    if (role === 'org' && layers.org && own) locks = { keys: lockedKeys(own.data), org: lockLayer, orgLayers: chain.length };
    if (role === 'repo') repoLayer = lockLayer;
  }
  errors.push(...packageRuleConflicts(chain));
  if (errors.length > 0) return { ok: false, errors: sortPolicyErrors(errors) };
  const policy = toPolicy(chain);
  if (locks && repoLayer && locks.keys.length > 0) {
    const violations = enforceLocks(policy, toPolicy(chain.slice(0, locks.orgLayers)), locks.keys, repoLayer, locks.org);
    // The org values put back: each paths entry's merged rules again over the final license rules.
    mergePathRules(policy);
    if (violations.length > 0) policy.lockViolations = sortPolicyErrors(violations);
  }
  return { ok: true, policy };
}

/** What a policy check reports: the errors of a policy that does not load, or the locked keys a loading one tried to loosen. */
export function policyProblems(loaded: PolicyResult): PolicyError[] {
  return loaded.ok ? (loaded.policy.lockViolations ?? []) : loaded.errors;
}

/** `overrides.locked` of the org file (the schema has held each entry to a lockable key). */
function lockedKeys(data: PolicyData): LockableKey[] {
  const locked = (data.overrides as { locked?: unknown } | undefined)?.locked;
  return Array.isArray(locked) ? locked.filter((key): key is LockableKey => (LOCKABLE_KEYS as readonly unknown[]).includes(key)) : [];
}

/** One file of a chain, read: `parsed` when it is a policy at all. */
interface ChainFile {
  source: PolicySource;
  parsed?: ParsedFile;
  /** A built-in preset (`preset:strict`): what repositories may override is not asked of it. */
  presetLabel?: string;
  /** This file's own errors (with what it may not override). */
  errors: PolicyError[];
  /** Those of its `extends`: an unknown preset, a parent that is invalid. */
  extendsErrors: PolicyError[];
}

/**
 * A file and its parents, lowest first: the preset the deepest one extends, the deepest parent ...
 * the file itself. `check`: more errors of each file but the preset (what it may not override).
 */
function chainFiles(source: PolicySource, check?: (file: ParsedFile, path: string) => PolicyError[]): ChainFile[] {
  const nearestFirst: ChainFile[] = [source, ...(source.extended?.parents ?? [])].map((file) => {
    const read = readPolicyFile(file);
    const errors = [...read.errors, ...(read.file && check ? check(read.file, file.path) : [])];
    return { source: file, ...(read.file ? { parsed: read.file } : {}), errors, extendsErrors: [] };
  });
  // What following `extends` found (a parent unreadable, a cycle) belongs to the file that names it.
  for (const error of source.extended?.errors ?? []) (nearestFirst.find((file) => file.source.path === error.path) ?? nearestFirst[0])?.extendsErrors.push(error);
  const deepest = nearestFirst[nearestFirst.length - 1] as ChainFile;
  // Only the deepest file's `extends` is left to follow: a preset, or a file that was not read.
  const preset = deepest.parsed && extendedPreset(deepest.parsed.data, deepest.source.path, deepest.parsed.keyPositions, source.extended !== undefined);
  deepest.extendsErrors.push(...(preset?.errors ?? []));
  // From the deepest up. A file whose parent has errors of its own says so at its `extends`; the
  // file loaded says so for anything wrong anywhere above it (where the error stands, the first).
  let above: PolicyError[] = [...deepest.errors, ...deepest.extendsErrors];
  for (let index = nearestFirst.length - 2; index >= 0; index--) {
    const file = nearestFirst[index] as ChainFile;
    const parent = nearestFirst[index + 1] as ChainFile;
    const own = [...file.errors, ...file.extendsErrors];
    const shown = index === 0 ? above : parent.errors;
    if (shown.length > 0 || parent.parsed === undefined) file.extendsErrors.push(invalidParentError(file, parent.source.path, shown));
    above = [...own, ...above];
  }
  return [...(preset?.file ? [preset.file] : []), ...nearestFirst.reverse()];
}

/** `extends: acme/p:base.yml is invalid: acme/p:base.yml:3:7: mode: ... (and 1 more)`, at the `extends` of `file`. */
function invalidParentError(file: ChainFile, parent: string, errors: readonly PolicyError[]): PolicyError {
  const first = errors[0];
  const where = first ? `${first.path}${first.line !== undefined ? `:${first.line}:${first.column ?? 1}` : ''}: ${first.message}` : 'it is not a policy';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return { path: file.source.path, ...file.parsed?.keyPositions.get('extends'), message: `extends: ${parent} is invalid: ${where}${more}` };
}

/**
 * The preset the deepest file of a chain `extends`, as a file of the chain, or the error that it
 * names none: an unknown preset, a reference of a bad shape, or a file that was not read
 * (`followed`: the chain was resolved, and its errors say why; else the caller never read it).
 */
function extendedPreset(
  data: PolicyData,
  path: string,
  positions: Map<string, { line: number; column: number }>,
  followed: boolean,
): { errors: PolicyError[]; file?: ChainFile } {
  // The schema lets a number through as text (`extends: 2024`); anything else is its error already.
  if (typeof data.extends !== 'string' && typeof data.extends !== 'number') return { errors: [] };
  const name = String(data.extends);
  const at = { path, ...positions.get('extends') };
  const parsed = parsePolicyReference(name);
  if (!parsed.ok) return { errors: [{ ...at, message: `extends: "${name}": ${parsed.problem}` }] };
  if (parsed.reference.kind !== 'preset') {
    return { errors: followed ? [] : [{ ...at, message: `extends: ${name} is another policy file, and it was not read here (only the app, check, audit and validate follow extends)` }] };
  }
  if (presetText(name) === undefined) {
    const message = `extends: unknown preset "${name}"${didYouMean(name, presetNames())} (built-in presets: ${presetNames().join(', ')}; a file is extended as owner/repo:path[@ref], or in the CLI as a local path)`;
    return { errors: [{ ...at, message }] };
  }
  const source = presetSource(name);
  const read = readPolicyFile(source);
  if (read.file === undefined || read.errors.length > 0) return { errors: read.errors };
  return { errors: [], file: { source, parsed: read.file, presetLabel: `preset:${name}`, errors: [], extendsErrors: [] } };
}

/** `overrides.allowed` of the org file, when it is a list of names (else its schema error stands). */
function allowedKeys(data: PolicyData): string[] | undefined {
  const allowed = (data.overrides as { allowed?: unknown } | undefined)?.allowed;
  return Array.isArray(allowed) ? allowed.map(String) : undefined;
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

/** Merges the chain (lowest first, every layer valid) into the engine's Policy. */
function toPolicy(chain: readonly RuleLayer[]): Policy {
  const policy: Policy = { mode: 'enforce', licenses: { ...DEFAULT_LICENSES }, packages: { deny: [] }, actions: { pin: 'any' }, exceptions: [], paths: [], ...packageRuleDefaults(), repository: repositoryPolicy(undefined, expandCategories), sources: [] };
  const schema = policySchema(new Set(licenseCategories().keys()));
  let repository: RepositorySection | undefined;
  for (const { data, label } of chain) {
    const file: PolicyFile = readValid(data, schema);
    policy.sources.push(label);
    Object.assign(policy, mergePackageRules(policy, file));
    if (file.mode) policy.mode = file.mode;
    if (file.licenses) policy.licenses = mergeLicenseRules(policy.licenses, licenseRules(file.licenses));
    if (file.actions?.pin) policy.actions = { pin: file.actions.pin };
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
function mergePathRules(policy: Policy): void {
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
  const categories = licenseCategories();
  return [...new Set(entries.flatMap((entry) => categories.get(entry) ?? [entry]))];
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

