/**
 * Policy judgement: changes + policy + today's date -> findings and a conclusion. Pure.
 */
import type { Change } from '../deps/diff.js';
import type { Dependency, ExtractionProblem, Location } from '../ecosystems/types.js';
import type { Finding, Severity } from '../findings.js';
import { evaluateLicense, sameLicense } from '../licenses/evaluate.js';
import { findException, globToRegExp, packageMatches } from '../policy/match.js';
import type { Action, LicenseRules, Policy } from '../policy/types.js';
import type { Conclusion } from './report.js';
import { compareText } from '../deps/order.js';

export interface JudgeInput {
  changes: readonly Change[];
  /** Files that could not be read at the head ref. */
  problems: readonly ExtractionProblem[];
  policy: Policy;
  /** Today, as YYYY-MM-DD (exceptions expire against it). */
  today: string;
  /** Why a license is missing, by purl, when it was not found (a failed or skipped lookup), as a phrase for the message. */
  missingLicenseReasons?: ReadonlyMap<string, string>;
  /** Findings gathered elsewhere (metadata/unavailable...) that count towards the conclusion. */
  extraFindings?: readonly Finding[];
}

export interface Judgement {
  findings: Finding[];
  conclusion: Conclusion;
}

const SEVERITY: Record<Exclude<Action, 'allow'>, Severity> = { fail: 'error', warn: 'warning' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function judge(input: JudgeInput): Judgement {
  const { policy } = input;
  const findings: Finding[] = input.problems.filter((problem) => !isIgnoredPath(problem.path, policy)).map(unparsableFinding);
  for (const change of input.changes) {
    if (change.change === 'removed' || isIgnoredPath(change.dependency.manifest, policy)) continue;
    findings.push(...judgeChange(change, input));
  }
  findings.push(...(input.extraFindings ?? []));

  const hadErrors = findings.some((finding) => finding.severity === 'error');
  const warnMode = policy.mode === 'warn';
  const final = warnMode ? findings.map((finding) => (finding.severity === 'error' ? { ...finding, severity: 'warning' as const } : finding)) : findings;
  const incomplete = final.some((finding) => finding.rule === 'metadata/unavailable');
  const conclusion: Conclusion = hadErrors ? (warnMode ? 'neutral' : 'failure') : incomplete ? 'neutral' : 'success';
  final.sort((a, b) => RANK[a.severity] - RANK[b.severity] || compareText(a.path ?? '', b.path ?? '') || (a.line ?? 0) - (b.line ?? 0));
  return { findings: final, conclusion };
}

/** True when a `paths` entry with `ignore: true` covers this manifest path. */
export function isIgnoredPath(path: string, policy: Policy): boolean {
  return policy.paths.some((rule) => rule.ignore && globToRegExp(rule.match).test(path));
}

/** The license rules for a dependency: the policy's, with the first matching `paths` entry on top. */
export function rulesFor(dependency: Dependency, policy: Policy): LicenseRules {
  const paths = [dependency.manifest, dependency.declaredAt?.path].filter((path): path is string => path !== undefined);
  const override = policy.paths.find((rule) => !rule.ignore && paths.some((path) => globToRegExp(rule.match).test(path)));
  return override ? { ...policy.licenses, ...override.licenses } : policy.licenses;
}

function judgeChange(change: Change, input: JudgeInput): Finding[] {
  const { policy, today } = input;
  const dependency = change.dependency;
  const findings: Finding[] = [];
  const about = (rule: Finding['rule'], severity: Severity, message: string, help: string) => dependencyFinding(dependency, rule, severity, message, help);
  const label = `${dependency.name}@${dependency.version ?? dependency.requirement ?? '?'}`;

  for (const denied of policy.packages.deny) {
    if (!packageMatches(denied.purl, dependency)) continue;
    findings.push(about('package/denied', 'error', `${label} is denied by policy${denied.reason ? `: ${denied.reason}` : ''}`, `Remove ${dependency.name} or move to a version the policy allows.`));
    break;
  }

  const rules = rulesFor(dependency, policy);
  const inScope = dependency.scope === 'unknown' || rules.scopes.includes(dependency.scope);
  if (!inScope || (rules.directOnly && !dependency.direct)) return findings;

  const exception = findException(policy.exceptions, dependency, today);
  if (exception?.expired) {
    findings.push(about('exception/expired', 'warning', `the exception for ${label} expired on ${exception.exception.expires} (${exception.exception.reason})`, 'Renew the exception with a new expiry date if it is still approved, or remove the package.'));
  }
  if (exception && !exception.expired) return findings;

  const verdict = evaluateLicense(dependency.license, rules);
  if (verdict.verdict === 'denied') {
    const why = verdict.because === 'denied' ? 'which the policy denies' : "which is not in the policy's allow list";
    findings.push(about('license/denied', 'error', `${label} is licensed ${verdict.expression}, ${why}${verdict.terms.length > 0 && verdict.terms.join(' ') !== verdict.expression ? ` (${verdict.terms.join(', ')})` : ''}`, `Use an alternative under an allowed license, or add an exception for ${dependency.purl} with a reason.`));
  } else if (verdict.verdict === 'unknown') {
    const severity = severityOf(rules.unknown);
    const missing = input.missingLicenseReasons?.get(dependency.purl);
    if (severity) {
      findings.push(about('license/unknown', severity, `${label} has no license we can identify: ${missing ?? verdict.reason}`, dependency.version
          ? `Check ${dependency.name}'s license by hand; if it is acceptable, add an exception with its license.`
          : `Pin an exact version (commit a lockfile) so its license can be checked.`));
    }
  }

  const previous = change.previous;
  if (previous?.license !== undefined && dependency.license !== undefined && !sameLicense(previous.license, dependency.license)) {
    const severity = severityOf(rules.changed);
    if (severity) {
      findings.push(about('license/changed', severity, `${dependency.name} changed its license from ${previous.license} to ${dependency.license} between ${previous.version ?? '?'} and ${dependency.version ?? '?'}`, `Review the new license before taking this version, or stay on ${dependency.name}@${previous.version ?? '?'}.`));
    }
  }
  return findings;
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
  return {
    rule: 'manifest/unparsable',
    severity: 'error',
    message: `${problem.path} could not be read: ${problem.message}`,
    help: 'Fix or regenerate the file with its package manager; none of its dependencies were checked.',
    path: problem.path,
    ...(problem.line !== undefined ? { line: problem.line } : {}),
    ...(problem.column !== undefined ? { column: problem.column } : {}),
  };
}
