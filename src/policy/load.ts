/**
 * Policy text -> Policy: YAML parse with positions, schema check, `extends` (presets, and the
 * files policy/chain.ts has read), and the merge preset -> parents -> organization -> parents ->
 * repository. Pure apart from reading the built-in presets.
 */
import { didYouMean } from '../words.js';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { exceptionConflicts, policySchema } from './definition.js';
import { licenseCategories, presetNames, presetText } from './presets.js';
import { packageRuleConflicts, type RuleLayer } from './package-rules.js';
import { checkNode } from './schema.js';
import { enforceLocks, LOCKABLE_KEYS, type LockableKey, type LockLayer } from './locks.js';
import type { Policy, PolicyError } from './types.js';
import { notAPolicyError } from './not-a-policy.js';
import { aliasErrors, allOverlapErrors, MAX_POLICY_ALIASES, firstTooDeep, keyPositions, resolved, TOO_DEEP, yamlProblem } from './document-checks.js';
import { mergePathRules, toPolicy } from './merge.js';
import { parsePolicyReference } from './reference.js';
import { positionLookup, type Position, type PositionLookup } from './positions.js';

export { packageRuleDefaults } from './package-rules.js';
export { MAX_POLICY_ALIASES } from './document-checks.js';

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

/** One layer of the merge as `explain` reads it: where it is, what it says, where each key and entry is written. */
export interface LoadedLayer {
  /** `preset:strict`, or the file's path. */
  label: string;
  path: string;
  role: 'preset' | 'org' | 'repo';
  /** The file's data, kebab-case keys as written. */
  data: Record<string, unknown>;
  /** Line/column of a key (`['licenses', 'unknown']`) or list entry (`['licenses', 'deny', 2]`); undefined when not written. */
  position: PositionLookup;
}

/** loadPolicy's result with the layers it merged, lowest first. */
export type LayersResult = { ok: true; policy: Policy; layers: LoadedLayer[] } | { ok: false; errors: PolicyError[] };

/** The plain data of one validated policy file (kebab-case keys as written). */
type PolicyData = Record<string, unknown>;

interface ParsedFile {
  data: PolicyData;
  /** Line/column of each top-level `key`, `section.key` and `overrides.locked.<entry>` (document-checks.ts keyPositions). */
  keyPositions: Map<string, Position>;
}

/** Policy files above this size are refused before parsing (a 5 MB file took seconds to parse). */
export const MAX_POLICY_BYTES = 1024 * 1024;
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
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(source.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // Thousands of nested levels can overflow the parser's stack outside what it reports as errors.
    if (error instanceof RangeError) return { errors: [{ path: source.path, message: `invalid YAML: ${TOO_DEEP}` }] };
    throw error;
  }
  const located = (message: string, offset?: number): PolicyError => {
    if (offset === undefined) return { path: source.path, message };
    const { line, col } = lines.linePos(offset);
    return { path: source.path, line, column: col, message };
  };
  // A stack overflow is reported wherever the parser gave up (once or more): one error, at the first.
  const overflow = doc.errors.find((error) => yamlProblem(error.message) === TOO_DEEP);
  if (overflow) return { errors: [located(`invalid YAML: ${TOO_DEEP}`, overflow.pos[0])] };
  if (doc.errors.length > 0) return { errors: doc.errors.map((error) => located(`invalid YAML: ${yamlProblem(error.message)}`, error.pos[0])) };
  // Before anything that walks the tree recursively (the alias check's visit): a deep file stops here.
  const tooDeep = firstTooDeep(doc.contents);
  if (tooDeep !== undefined) return { errors: [located(`invalid YAML: ${TOO_DEEP}`, tooDeep)] };
  const aliasProblems = aliasErrors(doc, located);
  if (aliasProblems.length > 0) return { errors: aliasProblems };
  if (doc.contents === null) return { errors: [], file: { data: {}, keyPositions: new Map() } }; // an empty file is an empty policy
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
  return { errors, file: { data, keyPositions: keyPositions(doc, lines) } };
}

/** What a file's `extends` names, and where, when it is text: what policy/chain.ts follows. */
export function extendsOf(source: PolicySource): { name: string; at: { line?: number; column?: number } } | undefined {
  const file = readPolicyFile(source).file;
  const name = file?.data.extends;
  return typeof name === 'string' ? { name, at: { ...file?.keyPositions.get('extends') } } : undefined;
}

/** Sorted by file (in the order the files came), then line and column; errors without a position first. */
export function sortPolicyErrors(errors: readonly PolicyError[]): PolicyError[] {
  const fileOrder = new Map<string, number>();
  for (const error of errors) if (!fileOrder.has(error.path)) fileOrder.set(error.path, fileOrder.size);
  return [...errors].sort(
    (a, b) => (fileOrder.get(a.path) ?? 0) - (fileOrder.get(b.path) ?? 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/**
 * Loads the policy that applies to a repository: the organization's file (from its `.github`
 * repository) and the repository's own, each over the files it `extends` (`extended`, read
 * before) and the preset its deepest parent extends. With neither file, the `permissive` preset.
 */
export function loadPolicy(layers: { org?: PolicySource; repo?: PolicySource }): PolicyResult {
  const loaded = loadPolicyLayers(layers);
  return loaded.ok ? { ok: true, policy: loaded.policy } : loaded;
}

/** loadPolicy, with the layers of the chain it merged (for `explain`: which layer set what, and where). */
export function loadPolicyLayers(layers: { org?: PolicySource; repo?: PolicySource }): LayersResult {
  const files: { source: PolicySource; role: 'org' | 'repo' }[] = [];
  if (layers.org) files.push({ source: layers.org, role: 'org' });
  if (layers.repo) files.push({ source: layers.repo, role: 'repo' });
  if (files.length === 0) files.push({ source: presetSource('permissive'), role: 'org' });

  const errors: PolicyError[] = [];
  const chain: RuleLayer[] = [];
  const loaded: LoadedLayer[] = [];
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
      chain.push({ data: parsed.data, label: presetLabel ?? file.path, path: file.path, positions: parsed.keyPositions });
      loaded.push({ label: presetLabel ?? file.path, path: file.path, role: presetLabel ? 'preset' : role, data: parsed.data, position: positionLookup(file.text) });
    }
    // Reported nearest first: the file itself, then what it extends (errors sort by file in this order).
    for (const file of [...layerFiles].reverse()) errors.push(...file.errors, ...file.extendsErrors);
    // The file itself is the last of its chain: its locks (org) or its lines (repository) are the ones the lock errors name.
    const own = layerFiles[layerFiles.length - 1]?.parsed;
    const lockLayer = { path: source.path, positions: own?.keyPositions ?? new Map() };
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
  return { ok: true, policy, layers: loaded };
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
  positions: Map<string, Position>,
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
  positions: Map<string, Position>,
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
