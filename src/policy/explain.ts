/**
 * `explain`: why the policy decides what it decides about a license or a package, and where each
 * rule that makes the decision stands (file:line:column in each layer). Pure: the layers come from
 * loadPolicyLayers, today's date from the caller. The values and verdicts come from the merged
 * Policy (merge.ts, locks.ts); the layers only say who wrote them: the layer whose value stands is
 * the latest one whose value is the merged one (so a lock that put the org's value back shows).
 */
import { evaluateLicense } from '../licenses/evaluate.js';
import { parseLicense, termText } from '../licenses/expression.js';
import { explainPackage, type PackageExplanation } from './explain-package.js';
import { keyName, placeOf, placeText, valueAt, type EntryUse, type KeyPath, type Place } from './explain-layers.js';
import { matchesGlob } from './glob.js';
import type { LoadedLayer } from './load.js';
import { expandLicenseEntry } from './presets.js';
import type { LicenseRules, Policy } from './types.js';

export type SettingValue = string | string[];

/** A key of the policy: its merged value, every layer that set it (lowest first) and why the value is the one that stands. */
export interface Setting {
  key: string;
  /** Undefined: no layer sets it and it has no default (no allow list). */
  value?: SettingValue;
  setBy: { key: string; value: SettingValue; at: Place }[];
  why: string;
}

/** What the check reports: nothing, a warning or an error. */
export type Outcome = 'pass' | 'warning' | 'error';

export interface LicenseJudgement {
  /** `licenses` (the policy's rules), or the `paths` entry whose rules apply under --path (`paths[1]`). */
  rules: string;
  /** The entry's glob and where it stands, for a `paths` entry. */
  match?: string;
  at?: Place;
  verdict: 'allowed' | 'denied' | 'unknown';
  expression?: string;
  because?: 'denied' | 'not-allowed';
  terms?: string[];
  reason?: string;
  outcome: Outcome;
  /** The allow or deny entries that make the verdict (none when it is the absence of one: not in the allow list, unknown). */
  deciding: EntryUse[];
  settings: Setting[];
}

export interface Explanation {
  subject: { kind: 'license' | 'package'; text: string };
  sources: string[];
  /** What the check does: for a package without --license, it depends on the package's license. */
  decision: Outcome | 'depends-on-license';
  /** --path: the manifest, and the `paths` entries that cover it. */
  path?: { manifest: string; ignoredBy?: EntryUse; override?: EntryUse; notApplied: EntryUse[] };
  mode: Setting;
  /** The license judged under the policy's rules, then under the --path entry's (the last one applies). */
  licenses: LicenseJudgement[];
  package?: PackageExplanation;
  /** `overrides.locked` entries of the organization's file that bind a key explained here. */
  locks: { key: string; at: Place }[];
  notes: string[];
}

export type { EntryUse, Place } from './explain-layers.js';
export { placeText } from './explain-layers.js';

export interface ExplainInput {
  layers: readonly LoadedLayer[];
  policy: Policy;
  subject: { kind: 'license'; license: string } | { kind: 'package'; purl: string; license?: string };
  /** A manifest path (`--path`): the `paths` entries that cover it apply. */
  manifest?: string;
  /** YYYY-MM-DD, for exception expiry. */
  today: string;
}

type LicenseKey = 'allow' | 'deny' | 'unknown';

/** The rules a license is judged by: the policy's, or a `paths` entry's over them. */
interface RuleSet {
  name: string;
  rules: LicenseRules;
  override?: { layer: LoadedLayer; index: number; match: string };
}

export function explain(input: ExplainInput): Explanation {
  const { layers, policy } = input;
  const sets: RuleSet[] = [{ name: 'licenses', rules: policy.licenses }];
  const path = input.manifest === undefined ? undefined : pathRules(layers, policy, input.manifest);
  if (path?.override) sets.push(path.override);
  const notes: string[] = [];
  const license = input.subject.license;
  const licenses = license === undefined ? [] : sets.map((set) => judgeLicense(layers, set, license));
  const packageExplanation =
    input.subject.kind === 'package' ? explainPackage({ layers, purl: input.subject.purl, license, manifest: input.manifest, today: input.today, rules: (sets[sets.length - 1] as RuleSet).rules }) : undefined;
  const applying = licenses[licenses.length - 1];
  let decision: Explanation['decision'] = applying?.outcome ?? 'depends-on-license';
  if (packageExplanation) {
    if (packageExplanation.exceptedFromLicenseRules && applying) {
      decision = 'pass';
      notes.push('an active exception covers the package: the license rules above are not applied to it');
    }
    if (packageExplanation.denied.length > 0) decision = 'error';
    notes.push(...packageExplanation.notes);
  }
  if (path?.ignoredBy) {
    decision = 'pass';
    notes.push(`${path.manifest} is ignored (${path.ignoredBy.key}): its dependencies are not evaluated at all`);
  }
  const mode = modeSetting(layers, policy);
  if (policy.mode === 'warn' && decision === 'error') decision = 'warning';
  for (const violation of policy.lockViolations ?? []) notes.push(`${violation.path}:${violation.line ?? 1}:${violation.column ?? 1}: ${violation.message}`);
  const lockKeys = input.subject.kind === 'license' || license !== undefined ? ['mode', 'licenses.allow', 'licenses.deny', 'licenses.unknown'] : ['mode'];
  if (input.subject.kind === 'package') lockKeys.push('packages.deny', 'exceptions');
  if (path) lockKeys.push('paths');
  return {
    subject: { kind: input.subject.kind, text: input.subject.kind === 'license' ? input.subject.license : input.subject.purl },
    sources: [...policy.sources],
    decision,
    ...(path ? { path: { manifest: path.manifest, notApplied: path.notApplied, ...(path.ignoredBy ? { ignoredBy: path.ignoredBy } : {}), ...(path.overrideUse ? { override: path.overrideUse } : {}) } } : {}),
    mode,
    licenses,
    ...(packageExplanation ? { package: packageExplanation } : {}),
    locks: locksOn(layers, lockKeys),
    notes,
  };
}

/** The `paths` entries that cover a manifest: an ignoring one, and the first with license rules (the one rulesFor applies). */
function pathRules(layers: readonly LoadedLayer[], policy: Policy, manifest: string) {
  const entries = pathEntries(layers);
  let ignoredBy: EntryUse | undefined;
  let override: RuleSet | undefined;
  let overrideUse: EntryUse | undefined;
  const notApplied: EntryUse[] = [];
  policy.paths.forEach((rule, index) => {
    const written = entries[index];
    if (!written || !matchesGlob(rule.match, manifest)) return;
    const use = { entry: rule.match, key: `paths[${written.index}]`, at: placeOf(written.layer, ['paths', written.index]) };
    if (rule.ignore) ignoredBy ??= use;
    else if (override === undefined) {
      override = { name: use.key, rules: rule.rules, override: { layer: written.layer, index: written.index, match: rule.match } };
      overrideUse = use;
    } else notApplied.push(use);
  });
  return { manifest, ignoredBy, override, overrideUse, notApplied };
}

/** policy.paths, each with the layer and index it was written at (the merge keeps them in layer order). */
function pathEntries(layers: readonly LoadedLayer[]): { layer: LoadedLayer; index: number }[] {
  return layers.flatMap((layer) => {
    const paths = valueAt(layer.data, ['paths']);
    return Array.isArray(paths) ? paths.map((_, index) => ({ layer, index })) : [];
  });
}

function judgeLicense(layers: readonly LoadedLayer[], set: RuleSet, license: string): LicenseJudgement {
  const verdict = evaluateLicense(license, set.rules);
  const where = set.override ? { match: set.override.match, at: placeOf(set.override.layer, ['paths', set.override.index]) } : {};
  const base = { rules: set.name, ...where, verdict: verdict.verdict, ...(verdict.expression !== undefined ? { expression: verdict.expression } : {}) };
  if (verdict.verdict === 'denied') {
    const denied = verdict.because === 'denied';
    const deciding = denied ? entriesCovering(layers, set, 'deny', verdict.terms) : [];
    const settings = [licenseSetting(layers, set, denied ? 'deny' : 'allow')];
    return { ...base, because: verdict.because, terms: verdict.terms, ...(verdict.reason ? { reason: verdict.reason } : {}), outcome: 'error', deciding, settings };
  }
  if (verdict.verdict === 'unknown') {
    const outcome = set.rules.unknown === 'fail' ? 'error' : set.rules.unknown === 'warn' ? 'warning' : 'pass';
    return { ...base, reason: verdict.reason, outcome, deciding: [], settings: [licenseSetting(layers, set, 'unknown')] };
  }
  if (set.rules.allow === undefined) {
    return { ...base, outcome: 'pass', deciding: [], settings: [licenseSetting(layers, set, 'allow'), licenseSetting(layers, set, 'deny')] };
  }
  return { ...base, outcome: 'pass', deciding: entriesCovering(layers, set, 'allow', passingTerms(license, set.rules)), settings: [licenseSetting(layers, set, 'allow')] };
}

/** The terms of the first alternative (`A OR B`) whose every term is allowed: the one that lets the license through. */
function passingTerms(license: string, rules: LicenseRules): string[] {
  const parsed = parseLicense(license);
  if (!parsed.known) return [];
  const terms = parsed.alternatives.map((alternative) => alternative.map(termText));
  return terms.find((alternative) => alternative.every((term) => evaluateLicense(term, rules).verdict === 'allowed')) ?? [];
}

/** The written entries (an id or a category) that name one of `terms`, from the layers whose list is in effect. */
function entriesCovering(layers: readonly LoadedLayer[], set: RuleSet, key: 'allow' | 'deny', terms: readonly string[]): EntryUse[] {
  const writers = inEffect(layers, set, key);
  const uses: EntryUse[] = [];
  for (const { layer, path } of writers) {
    const list = valueAt(layer.data, path);
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      const ids = expandLicenseEntry(String(entry));
      const covers = terms.filter((term) => evaluateLicense(term, { [key]: ids }).verdict === (key === 'deny' ? 'denied' : 'allowed'));
      if (covers.length > 0) uses.push({ entry: String(entry), key: keyName([...path, index]), at: placeOf(layer, [...path, index]), covers });
    });
  }
  return uses;
}

/** Who writes the key's list that is in effect: every layer's deny list adds up, the last allow list stands; a `paths` entry's own list replaces the policy's. */
function inEffect(layers: readonly LoadedLayer[], set: RuleSet, key: 'allow' | 'deny'): Writer[] {
  const writers = writersOf(layers, set, key);
  const own = set.override && writers[writers.length - 1]?.layer === set.override.layer && writers[writers.length - 1]?.path[0] === 'paths';
  if (own) return writers.slice(-1);
  if (key === 'deny') return writers;
  const winner = winnerOf(writers, set.rules.allow, key);
  return winner ? [winner] : [];
}

interface Writer {
  layer: LoadedLayer;
  path: KeyPath;
}

/** The layers that write `licenses.<key>`, lowest first, then the `paths` entry when it writes its own. */
function writersOf(layers: readonly LoadedLayer[], set: RuleSet, key: LicenseKey): Writer[] {
  const writers: Writer[] = layers.filter((layer) => valueAt(layer.data, ['licenses', key]) !== undefined).map((layer) => ({ layer, path: ['licenses', key] }));
  if (set.override) {
    const path = ['paths', set.override.index, 'licenses', key];
    if (valueAt(set.override.layer.data, path) !== undefined) writers.push({ layer: set.override.layer, path });
  }
  return writers;
}

/** The latest writer whose value is the merged one (an earlier one when a lock put the organization's value back). */
function winnerOf(writers: readonly Writer[], merged: SettingValue | undefined, key: LicenseKey): Writer | undefined {
  const same = (value: unknown) => (key === 'unknown' ? value === merged : Array.isArray(value) && Array.isArray(merged) && sameSet(value.flatMap((entry) => expandLicenseEntry(String(entry))), merged));
  for (let index = writers.length - 1; index >= 0; index--) {
    const writer = writers[index] as Writer;
    if (same(valueAt(writer.layer.data, writer.path))) return writer;
  }
  return undefined;
}

function licenseSetting(layers: readonly LoadedLayer[], set: RuleSet, key: LicenseKey): Setting {
  const writers = writersOf(layers, set, key);
  const value = set.rules[key];
  const setBy = writers.map(({ layer, path }) => ({ key: keyName(path), value: shown(valueAt(layer.data, path)), at: placeOf(layer, path) }));
  const setting = { key: `licenses.${key}`, ...(value !== undefined ? { value } : {}), setBy };
  const last = writers[writers.length - 1];
  if (last === undefined) {
    const none = key === 'allow' ? 'no layer sets an allow list: a license no deny entry names is allowed' : key === 'deny' ? 'no layer denies a license' : `no layer sets it: the default (${String(value)})`;
    return { ...setting, why: none };
  }
  if (set.override !== undefined && last.path[0] === 'paths') return { ...setting, why: `the paths entry "${set.override?.match}" sets its own, which replaces the policy's under it` };
  if (key === 'deny') return { ...setting, why: 'deny lists add up across layers (a later layer cannot lift a deny)' };
  const winner = winnerOf(writers, value, key);
  if (winner === last) return { ...setting, why: `${last.layer.label} is the last layer to set it, and a later layer's value replaces the ones below` };
  const lock = locksOn(layers, [`licenses.${key}`])[0];
  const held = winner ? `${winner.layer.label}'s value` : 'the organization value';
  return { ...setting, why: lock ? `locked by ${placeText(lock.at)}: ${held} stands over ${last.layer.label}'s looser one` : `${held} stands` };
}

function modeSetting(layers: readonly LoadedLayer[], policy: Policy): Setting {
  const setBy = layers.filter((layer) => valueAt(layer.data, ['mode']) !== undefined).map((layer) => ({ key: 'mode', value: shown(layer.data.mode), at: placeOf(layer, ['mode']) }));
  const last = setBy[setBy.length - 1];
  const why = last === undefined ? 'no layer sets it: the default (enforce)' : last.value === policy.mode ? `${last.at.label} is the last layer to set it` : 'the organization value stands (locked)';
  return { key: 'mode', value: policy.mode, setBy, why: policy.mode === 'warn' ? `${why}; errors are reported as warnings` : why };
}

/** The organization file's `overrides.locked` entries among `keys`, with where each is written. */
export function locksOn(layers: readonly LoadedLayer[], keys: readonly string[]): { key: string; at: Place }[] {
  const org = [...layers].reverse().find((layer) => layer.role === 'org' && valueAt(layer.data, ['overrides', 'locked']) !== undefined);
  const locked = org ? valueAt(org.data, ['overrides', 'locked']) : undefined;
  if (!org || !Array.isArray(locked)) return [];
  return locked.flatMap((key, index) => (keys.includes(String(key)) ? [{ key: String(key), at: placeOf(org, ['overrides', 'locked', index]) }] : []));
}

function shown(value: unknown): SettingValue {
  return Array.isArray(value) ? value.map(String) : String(value);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}
