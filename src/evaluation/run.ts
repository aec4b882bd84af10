/**
 * One evaluation, end to end, for the CLI and the app alike: compare the trees (pure), gather the
 * facts the files do not carry (the only place that asks the fact sources, through the batch
 * port), judge (pure, over the facts as data), shape the report.
 */
import type { Change } from '../deps/diff.js';
import { licenseOf, licenseUnchecked, type Facts } from '../facts/types.js';
import type { Finding } from '../findings.js';
import type { FactCache } from '../metadata/cache.js';
import { gatherFacts } from '../metadata/gather.js';
import type { FactSource } from '../metadata/types.js';
import type { Policy } from '../policy/types.js';
import { sameLicense } from '../licenses/evaluate.js';
import { parseLicense } from '../licenses/expression.js';
import { compareTrees, type TouchedProjects, type TreeSide } from './compare.js';
import { isIgnoredPath } from '../policy/paths.js';
import { judge } from './judge.js';
import type { ChangeRecord, Report } from './report.js';

export interface EvaluationRequest {
  baseSha: string;
  headSha: string;
  base: TreeSide;
  head: TreeSide;
  /** What to evaluate: `touchedProjects(...)`, which the caller also used to fetch the files. */
  projects: TouchedProjects;
  policy: Policy;
  /** Today as YYYY-MM-DD: the caller's clock (or OSPO_NOW). */
  today: string;
  /** Where to look up facts (licenses); empty when offline. */
  sources: readonly FactSource[];
  cache?: FactCache;
  /** Called as license lookups settle (the CLI shows progress on a terminal). */
  onLookupProgress?: (done: number, total: number) => void;
}

export async function evaluate(request: EvaluationRequest): Promise<Report> {
  const compared = compareTrees(request.base, request.head, request.projects);
  // Manifests under an ignored path (`paths: [{ match, ignore: true }]`) are left out entirely.
  const kept = (path: string) => !isIgnoredPath(path, request.policy);
  const comparison = {
    changes: compared.changes.filter((change) => kept(change.dependency.manifest)),
    manifests: compared.manifests.filter((manifest) => kept(manifest.path)),
    problems: compared.problems.filter((problem) => kept(problem.path)),
    baseProblems: compared.baseProblems.filter((problem) => kept(problem.path)),
    inventory: compared.inventory.filter((manifest) => kept(manifest.path)),
  };
  const needed = comparison.changes.flatMap((change) =>
    change.change === 'removed' ? [] : change.previous ? [change.dependency, change.previous] : [change.dependency],
  );
  const gathered = await gatherFacts(needed, request.sources, { ...(request.cache ? { cache: request.cache } : {}), ...(request.onLookupProgress ? { onProgress: request.onLookupProgress } : {}) });
  const { facts } = gathered;
  const baseWarnings: Finding[] = comparison.baseProblems.map((problem) =>
    problem.kind === 'invalid-entry'
      ? { rule: 'manifest/invalid-entry', severity: 'warning', message: `${problem.path} at the base ref: ${problem.message}`, path: problem.path, ...(problem.line !== undefined ? { line: problem.line } : {}) }
      : { rule: 'manifest/unparsable', severity: 'warning', message: `${problem.path} could not be read at the base ref (${problem.message}); its packages count as added`, path: problem.path },
  );
  const judgement = judge({
    changes: comparison.changes,
    problems: comparison.problems,
    policy: request.policy,
    today: request.today,
    facts,
    extraFindings: [...gathered.findings, ...baseWarnings],
  });
  return {
    schemaVersion: 1,
    conclusion: judgement.conclusion,
    ...(judgement.conclusionReason ? { conclusionReason: judgement.conclusionReason } : {}),
    base: request.baseSha,
    head: request.headSha,
    manifests: comparison.manifests,
    changes: comparison.changes.map((change) => toRecord(change, facts)),
    findings: judgement.findings,
    inventory: comparison.inventory,
  };
}

function toRecord(change: Change, facts: Facts): ChangeRecord {
  const dependency = change.dependency;
  const previous = change.change === 'removed' ? undefined : change.previous;
  const fact = licenseOf(dependency, facts);
  const license = recordedLicense(fact?.value);
  const previousFact = previous ? licenseOf(previous, facts) : undefined;
  const previousLicense = recordedLicense(previousFact?.value);
  const licenseSource = fact?.source;
  const unchecked = licenseUnchecked(dependency, facts);
  // `from`/`to` are versions only: an unresolved version is `requirement` + `unresolved`, never prose in `to`.
  const from = change.change === 'removed' ? dependency.version : previous?.version;
  const to = change.change === 'removed' ? undefined : dependency.version;
  return {
    change: change.change,
    ecosystem: dependency.ecosystem,
    manifest: dependency.manifest,
    name: dependency.name,
    purl: dependency.purl,
    ...(change.change !== 'added' && from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(dependency.version === undefined && dependency.requirement !== undefined ? { requirement: dependency.requirement } : {}),
    ...(dependency.version === undefined && dependency.unresolved !== undefined ? { unresolved: dependency.unresolved } : {}),
    ...(previous?.tag !== undefined ? { fromTag: previous.tag } : {}),
    ...(change.change !== 'removed' && dependency.tag !== undefined ? { toTag: dependency.tag } : change.change === 'removed' && dependency.tag !== undefined ? { fromTag: dependency.tag } : {}),
    scope: dependency.scope,
    direct: dependency.direct,
    ...(license ? { license: license.license, ...(license.declared !== undefined ? { declaredLicense: license.declared } : {}) } : {}),
    ...(previousLicense ? { previousLicense: previousLicense.license, ...(previousLicense.declared !== undefined ? { previousDeclaredLicense: previousLicense.declared } : {}) } : {}),
    // As the license/changed rule decides it: SPDX equivalence of the texts, not string equality.
    ...(fact && previousFact && !sameLicense(previousFact.value, fact.value) ? { licenseChanged: true as const } : {}),
    ...(license && licenseSource !== undefined ? { licenseSource } : {}),
    ...(!license && change.change !== 'removed' && unchecked !== undefined ? { licenseUnchecked: unchecked } : {}),
    ...(dependency.line !== undefined ? { line: dependency.line } : {}),
  };
}

/** The license as output: the SPDX reading when the text went through the normalisation table (the declared text beside it), else as recorded. */
function recordedLicense(raw: string | undefined): { license: string; declared?: string } | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseLicense(raw);
  return parsed.known && parsed.declared !== undefined ? { license: parsed.expression, declared: parsed.declared } : { license: raw };
}
