/**
 * Policy judgement: changes + policy + today's date -> findings and a conclusion. Pure.
 */
import type { Change } from '../deps/diff.js';
import type { Dependency, ExtractionProblem, Location } from '../ecosystems/types.js';
import type { Finding, Severity } from '../findings.js';
import { evaluateLicense, sameLicense } from '../licenses/evaluate.js';
import { matchesGlob } from '../policy/glob.js';
import { findException, packageMatches } from '../policy/match.js';
import type { Action, LicenseRules, Policy } from '../policy/types.js';
import type { Conclusion } from './report.js';
import { appendAll } from '../deps/arrays.js';
import { compareText } from '../deps/order.js';
import { judgePinning } from '../rules/action-pinning.js';
import { UncheckedLicenses } from '../rules/unchecked-licenses.js';
import { plural, shortSha } from '../words.js';

export interface JudgeInput {
  changes: readonly Change[];
  /** Files that could not be read at the head ref. */
  problems: readonly ExtractionProblem[];
  policy: Policy;
  /** Today, as YYYY-MM-DD (exceptions expire against it). */
  today: string;
  /** Packages whose license was not checked (offline, a source down, a token missing), by purl, with why. */
  unchecked?: ReadonlyMap<string, string>;
  /** Findings gathered elsewhere (metadata/unavailable...) that count towards the conclusion. */
  extraFindings?: readonly Finding[];
}

export interface Judgement {
  findings: Finding[];
  conclusion: Conclusion;
  /** Why the conclusion is not `success`. */
  conclusionReason?: string;
}

const SEVERITY: Record<Exclude<Action, 'allow'>, Severity> = { fail: 'error', warn: 'warning' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function judge(input: JudgeInput): Judgement {
  const { policy } = input;
  const findings: Finding[] = input.problems.filter((problem) => !isIgnoredPath(problem.path, policy)).map(unparsableFinding);
  const unchecked = new UncheckedLicenses();
  for (const change of input.changes) {
    if (change.change === 'removed' || isIgnoredPath(change.dependency.manifest, policy)) continue;
    findings.push(...judgeChange(change, input, unchecked));
  }
  appendAll(findings, unchecked.findings());
  appendAll(findings, input.extraFindings ?? []);

  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnMode = policy.mode === 'warn';
  const final = warnMode ? findings.map((finding) => (finding.severity === 'error' ? { ...finding, severity: 'warning' as const } : finding)) : findings;
  final.sort((a, b) => RANK[a.severity] - RANK[b.severity] || compareText(a.path ?? '', b.path ?? '') || (a.line ?? 0) - (b.line ?? 0));
  // Why work is missing: the unchecked licenses say it per reason; other incomplete findings speak for themselves.
  const incomplete = final.filter((finding) => finding.incomplete);
  const notDone = unchecked.summaries().length > 0 ? unchecked.summaries() : incomplete.map((finding) => finding.message);
  return { findings: final, ...conclude(notDone.length > 0 ? notDone.join('; ') : undefined, errors, warnMode) };
}

/** failure on errors (neutral in warn mode); neutral when work was not done; else success. */
function conclude(notDone: string | undefined, errors: number, warnMode: boolean): { conclusion: Conclusion; conclusionReason?: string } {
  if (errors > 0) {
    const counted = plural(errors, 'error');
    return warnMode
      ? { conclusion: 'neutral', conclusionReason: `${counted}, reported as warnings: the policy is in warn mode${notDone ? `; ${notDone}` : ''}` }
      : { conclusion: 'failure', conclusionReason: `${counted}${notDone ? `; ${notDone}` : ''}` };
  }
  return notDone ? { conclusion: 'neutral', conclusionReason: notDone } : { conclusion: 'success' };
}

/** True when a `paths` entry with `ignore: true` covers this manifest path. */
export function isIgnoredPath(path: string, policy: Policy): boolean {
  return policy.paths.some((rule) => rule.ignore && matchesGlob(rule.match, path));
}

/** The license rules for a dependency: the policy's, with the first matching `paths` entry on top. */
export function rulesFor(dependency: Dependency, policy: Policy): LicenseRules {
  const paths = [dependency.manifest, dependency.declaredAt?.path].filter((path): path is string => path !== undefined);
  const override = policy.paths.find((rule) => !rule.ignore && paths.some((path) => matchesGlob(rule.match, path)));
  return override ? { ...policy.licenses, ...override.licenses } : policy.licenses;
}

function judgeChange(change: Change, input: JudgeInput, unchecked: UncheckedLicenses): Finding[] {
  const { policy, today } = input;
  const dependency = change.dependency;
  const findings: Finding[] = [];
  const about = (rule: Finding['rule'], severity: Severity, message: string, help: string) => dependencyFinding(dependency, rule, severity, message, help);
  const label = labelOf(dependency);

  for (const denied of policy.packages.deny) {
    if (!packageMatches(denied.purl, dependency)) continue;
    findings.push(about('package/denied', 'error', `${label} is denied by policy${denied.reason ? `: ${denied.reason}` : ''}`, `Remove ${dependency.name} or move to a version the policy allows.`));
    break;
  }
  const pinning = judgePinning(dependency, policy.actions.pin);
  if (pinning) findings.push(about('actions/unpinned', 'error', pinning.message, pinning.help));

  const rules = rulesFor(dependency, policy);
  const inScope = dependency.scope === 'unknown' || rules.scopes.includes(dependency.scope);
  if (!inScope || (rules.directOnly && !dependency.direct)) return findings;

  const exception = findException(policy.exceptions, dependency, today);
  if (exception?.expired) {
    findings.push(about('exception/expired', 'warning', `the exception for ${label} expired on ${exception.exception.expires} (${exception.exception.reason})`, 'Renew the exception with a new expiry date if it is still approved, or remove the package.'));
  }
  if (exception && !exception.expired) return findings;

  const notChecked = dependency.license === undefined ? input.unchecked?.get(dependency.purl) : undefined;
  if (notChecked !== undefined) {
    if (rules.unknown !== 'allow') unchecked.add(dependency, notChecked);
  } else {
    findings.push(...judgeLicense(dependency, rules, label, about));
  }

  const previous = change.previous;
  if (previous?.license !== undefined && dependency.license !== undefined && !sameLicense(previous.license, dependency.license)) {
    const severity = severityOf(rules.changed);
    if (severity) {
      const [was, now] = [versionText(previous) ?? 'an unresolved version', versionText(dependency) ?? 'an unresolved version'];
      findings.push(about('license/changed', severity, `${dependency.name} changed its license from ${previous.license} to ${dependency.license} between ${was} and ${now}`, `Review the new license before taking this version, or stay on ${labelOf(previous)}.`));
    }
  }
  return findings;
}

type About = (rule: Finding['rule'], severity: Severity, message: string, help: string) => Finding;

/** license/denied or license/unknown for one dependency whose license is known or was looked up. */
function judgeLicense(dependency: Dependency, rules: LicenseRules, label: string, about: About): Finding[] {
  const verdict = evaluateLicense(dependency.license, rules);
  if (verdict.verdict === 'allowed') return [];
  if (verdict.verdict === 'denied') {
    const why = verdict.because === 'denied' ? 'which the policy denies' : "which is not in the policy's allow list";
    const terms = verdict.terms.length > 0 && verdict.terms.join(' ') !== verdict.expression ? ` (${verdict.terms.join(', ')})` : '';
    const detail = verdict.reason ? `: ${verdict.reason}` : '';
    return [about('license/denied', 'error', `${label} ${licenseText(verdict.expression, verdict.declared)}, ${why}${terms}${detail}`, `Use an alternative under an allowed license, or add an exception for ${dependency.purl} with a reason.`)];
  }
  const severity = severityOf(rules.unknown);
  if (!severity) return [];
  if (dependency.version === undefined) {
    const why = dependency.unresolved ?? (dependency.requirement !== undefined ? `only the requirement ${dependency.requirement} is declared` : 'no version is declared');
    return [about('license/unknown', severity, `${label} has no exact version (${why}), so its license can't be checked`, 'Pin an exact version (commit a lockfile, or declare the version in this repository) so its license can be checked.')];
  }
  return [about('license/unknown', severity, `${label} has no license we can identify: ${verdict.reason}`, `Check ${dependency.name}'s license by hand; if it is acceptable, add an exception with its license.`)];
}

/** `is licensed Apache-2.0`, or `declared "Apache 2.0", read as Apache-2.0` when it was not written as SPDX. */
function licenseText(expression: string, declared: string | undefined): string {
  return declared !== undefined && declared !== expression ? `declared "${declared}", read as ${expression}` : `is licensed ${expression}`;
}

/**
 * `name@version`, the SHA shortened and its tag beside it (`actions/checkout@11bd719 (v4.2.2)`),
 * `name@requirement` when unresolved, the bare name when nothing names a version.
 */
function labelOf(dependency: Dependency): string {
  const version = versionText(dependency);
  return version === undefined ? dependency.name : `${dependency.name}@${version}`;
}

function versionText(dependency: Dependency): string | undefined {
  if (dependency.version === undefined) return dependency.requirement;
  const ref = shortSha(dependency.version);
  return dependency.tag !== undefined ? `${ref} (${dependency.tag})` : ref;
}

function severityOf(action: Action): Severity | undefined {
  return action === 'allow' ? undefined : SEVERITY[action];
}

/** Where a finding about this dependency points: its declaration if direct, else its lockfile entry. */
export function dependencyLocations(dependency: Dependency): Location[] {
  const entry: Location = { path: dependency.manifest, ...(dependency.line !== undefined ? { line: dependency.line } : {}) };
  return dependency.declaredAt ? [dependency.declaredAt, entry] : [entry];
}

/**
 * A finding about one dependency. Built as one literal (no spreads): a big lockfile with no
 * recorded licenses yields thousands of these, and this is the judge's hot path.
 */
function dependencyFinding(dependency: Dependency, rule: Finding['rule'], severity: Severity, message: string, help: string): Finding {
  const locations = dependencyLocations(dependency);
  const primary = locations[0] as Location;
  // Absent fields stay undefined (JSON output omits them).
  return {
    rule,
    severity,
    message,
    purl: dependency.purl,
    path: primary.path,
    line: primary.line,
    help,
    name: dependency.name,
    ecosystem: dependency.ecosystem,
    version: dependency.version,
    license: dependency.license,
    locations,
  };
}

function unparsableFinding(problem: ExtractionProblem): Finding {
  const entry = problem.kind === 'invalid-entry';
  return {
    rule: entry ? 'manifest/invalid-entry' : 'manifest/unparsable',
    severity: 'error',
    message: entry ? `${problem.path}${problem.line !== undefined ? `:${problem.line}` : ''}: ${problem.message}` : `${problem.path} could not be read: ${problem.message}`,
    help: entry
      ? 'Fix or regenerate the file with its package manager; this entry was not checked (the others were).'
      : 'Fix or regenerate the file with its package manager; none of its dependencies were checked.',
    path: problem.path,
    ...(problem.line !== undefined ? { line: problem.line } : {}),
    ...(problem.column !== undefined ? { column: problem.column } : {}),
  };
}
