/**
 * Policy judgement: changes + the facts gathered for them + policy + today's date -> findings and
 * a conclusion. Each change goes through the rule modules (src/rules) its scope allows. Pure.
 */
import type { Change } from '../deps/diff.js';
import type { Dependency, Location } from '../deps/model.js';
import type { ExtractionProblem } from '../ecosystems/types.js';
import { licenseOf, NO_FACTS, type Facts } from '../facts/types.js';
import type { Finding } from '../findings.js';
import { ExceptionIndex, findException } from '../policy/match.js';
import { rulesFor } from '../policy/paths.js';
import type { Policy, PolicyException } from '../policy/types.js';
import type { Conclusion, ManifestInventory } from './report.js';
import { appendAll } from '../deps/arrays.js';
import { CHANGE_RULES } from '../rules/index.js';
import { inReportOrder } from './finding-order.js';
import type { RuleSubject } from '../rules/rule.js';
import { UncheckedFacts } from '../rules/unchecked-facts.js';
import { UncheckedLicenses } from '../rules/unchecked-licenses.js';
import { ExceptionUse } from '../rules/exception-use.js';
import { plural } from '../words.js';

export interface JudgeInput {
  changes: readonly Change[];
  /** Files that could not be read at the head ref. */
  problems: readonly ExtractionProblem[];
  policy: Policy;
  /** Today, as YYYY-MM-DD (exceptions expire against it). */
  today: string;
  /** What was looked up about the packages (licenses), and what could not be (offline, a source down). */
  facts?: Facts;
  /** Findings gathered elsewhere (metadata/unavailable...) that count towards the conclusion. */
  extraFindings?: readonly Finding[];
  /**
   * The chain of purls from a direct dependency down to a head dependency (src/deps/introduced-by.ts),
   * undefined when its file records no dependents. Asked only for a finding that names it.
   */
  introducedBy?: (dependency: Dependency) => readonly string[] | undefined;
  /** The head dependencies of every evaluated manifest (the Report's inventory). */
  inventory?: readonly ManifestInventory[];
  /**
   * The evaluation covers every project of the tree (an empty base): only then is an exception
   * that matches nothing in `inventory` said to be unused (a pull request evaluates only the
   * projects it touches).
   */
  wholeTree?: boolean;
}

export interface Judgement {
  findings: Finding[];
  conclusion: Conclusion;
  /** Why the conclusion is not `success`. */
  conclusionReason?: string;
}

export function judge(input: JudgeInput): Judgement {
  const { policy } = input;
  // Ignored paths were left out before anything was read (pipeline.ts): everything here is judged.
  const findings: Finding[] = input.problems.map(unparsableFinding);
  const collected: Collected = {
    unchecked: new UncheckedLicenses(),
    uncheckedFacts: new UncheckedFacts(),
    exceptionIndex: policy.exceptions.length > 0 ? new ExceptionIndex(policy.exceptions) : undefined,
    recordExceptions: policy.exceptions.filter((exception) => exception.id !== undefined),
    exceptionUse: policy.exceptions.length > 0 ? new ExceptionUse(policy.exceptions, input.today) : undefined,
    declarationOf: declarationIndex(input.inventory ?? []),
  };
  for (const change of input.changes) {
    if (change.change === 'removed') continue;
    judgeChange(change, input, collected, findings);
  }
  appendAll(findings, collected.unchecked.findings());
  appendAll(findings, collected.uncheckedFacts.findings());
  if (collected.exceptionUse) {
    appendAll(findings, collected.exceptionUse.expiringFindings());
    if (input.wholeTree && input.inventory) appendAll(findings, collected.exceptionUse.unusedFindings(input.inventory, policy.paths.some((rule) => rule.ignore)));
  }
  appendAll(findings, input.extraFindings ?? []);

  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnMode = policy.mode === 'warn';
  const final = warnMode ? findings.map((finding) => (finding.severity === 'error' ? { ...finding, severity: 'warning' as const } : finding)) : findings;
  inReportOrder(final);
  // Why work is missing: the unchecked licenses and facts say it per reason; other incomplete findings speak for themselves.
  const summaries = [...collected.unchecked.summaries(), ...collected.uncheckedFacts.summaries()];
  const notDone = summaries.length > 0 ? summaries : final.filter((finding) => finding.incomplete).map((finding) => finding.message);
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

/** What the judge collects over all changes, and what it works out once for them. */
interface Collected {
  unchecked: UncheckedLicenses;
  uncheckedFacts: UncheckedFacts;
  /** The exceptions without `id` by package (undefined when there are none): `packageWide` are those that cover the package-intelligence rules. */
  exceptionIndex: ExceptionIndex | undefined;
  /** The exceptions with `id`: each covers one vulnerability or malware record. */
  recordExceptions: readonly PolicyException[];
  /** What the exceptions matched over the evaluation; undefined when the policy has none. */
  exceptionUse: ExceptionUse | undefined;
  /** Where a head dependency of a manifest (by purl) is declared, if it is a direct one. */
  declarationOf: DeclarationOf;
}


/**
 * One change through every rule its scope allows: all rules, then (in scope) the exception's, then
 * (no active exception) the license rules; the package rules in every scope unless a package-wide
 * exception covers it. Appends to `findings`: most changes have none.
 */
function judgeChange(change: Change, input: JudgeInput, collected: Collected, findings: Finding[]): void {
  const facts = input.facts ?? NO_FACTS;
  const dependency = change.dependency;
  const license = licenseOf(dependency, facts);
  const previousLicense = change.previous ? licenseOf(change.previous, facts) : undefined;
  const licenseRules = rulesFor(dependency, input.policy);
  const inScope = (dependency.scope === 'unknown' || licenseRules.scopes.includes(dependency.scope)) && !(licenseRules.directOnly && !dependency.direct);
  // Only the exceptions naming this package are tried (one map read), none when the policy has none.
  const candidates = collected.exceptionIndex?.of(dependency);
  const exception = inScope && candidates ? findException(candidates.all, dependency, license?.value, input.today) : undefined;
  const packageException = candidates && candidates.packageWide.length > 0 ? findException(candidates.packageWide, dependency, license?.value, input.today) : undefined;
  const use = collected.exceptionUse;
  if (use && exception) use.note(exception.exception, dependency, !exception.expired);
  if (use && packageException) use.note(packageException.exception, dependency, !packageException.expired);
  // One literal, no spreads: this runs for every change (365k in a big go.mod).
  const subject: RuleSubject = {
    change,
    dependency,
    previous: change.previous,
    policy: input.policy,
    today: input.today,
    facts,
    license,
    previousLicense,
    licenseRules,
    exception,
    unchecked: collected.unchecked,
    uncheckedFacts: collected.uncheckedFacts,
    packageException,
    recordExceptions: collected.recordExceptions,
    exceptionUse: use,
  };
  const firstFound = findings.length;
  for (const rule of CHANGE_RULES) {
    if (rule.applies === 'package-unexcepted') {
      if (packageException && !packageException.expired) continue;
    } else if (rule.applies !== 'always' && !inScope) continue;
    if (rule.applies === 'unexcepted' && exception && !exception.expired) continue;
    const found = rule.check(subject);
    // Nearly every rule finds nothing for nearly every change: no loop entered for those.
    if (found.length > 0) appendAll(findings, found);
  }
  // The chain is looked up only for a transitive dependency something was found about.
  const chainOf = input.introducedBy;
  if (!dependency.direct && chainOf && findings.length > firstFound) traceIntroduction(findings, firstFound, dependency, chainOf(dependency), collected.declarationOf);
}

type DeclarationOf = (manifest: string, purl: string) => Location | undefined;
type Introduction = Pick<Finding, 'introducedBy' | 'introducedAt' | 'introductionNotRecordedIn'>;

/**
 * Puts the chain that brings a transitive dependency in on the findings about it from
 * `findings[from]` on (once here, not in each rule), with where the chain's direct dependency is
 * declared; a file that records no chain is said so, none is invented.
 */
function traceIntroduction(findings: Finding[], from: number, dependency: Dependency, chain: readonly string[] | undefined, declarationOf: DeclarationOf): void {
  const introduction = introductionOf(dependency, chain, declarationOf);
  if (!introduction) return;
  for (let index = from; index < findings.length; index++) {
    const finding = findings[index] as Finding;
    if (finding.purl === dependency.purl) findings[index] = { ...finding, ...introduction };
  }
}

function introductionOf(dependency: Dependency, chain: readonly string[] | undefined, declarationOf: DeclarationOf): Introduction | undefined {
  if (chain === undefined) return { introductionNotRecordedIn: dependency.manifest };
  // A chain of one is a root that is not declared directly (a workspace member's own dependency): nothing to trace.
  const direct = chain.length >= 2 ? chain[0] : undefined;
  if (direct === undefined) return undefined;
  const declaredAt = declarationOf(dependency.manifest, direct);
  return declaredAt ? { introducedBy: [...chain], introducedAt: declaredAt } : { introducedBy: [...chain] };
}

/** The declarations of the direct dependencies per manifest, indexed on first use (only a finding about a transitive dependency asks). */
function declarationIndex(inventory: readonly ManifestInventory[]): DeclarationOf {
  let byManifest: Map<string, Map<string, Location>> | undefined;
  return (manifest, purl) => {
    if (!byManifest) {
      byManifest = new Map();
      for (const entry of inventory) {
        const declarations = new Map<string, Location>();
        for (const dependency of entry.dependencies) if (dependency.declaredAt && !declarations.has(dependency.purl)) declarations.set(dependency.purl, dependency.declaredAt);
        byManifest.set(entry.path, declarations);
      }
    }
    return byManifest.get(manifest)?.get(purl);
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
