/**
 * One evaluation, end to end, for the CLI and the app alike: compare the trees (pure), look up
 * the licenses the files do not carry (sources are adapters), judge (pure), shape the report.
 */
import type { Change } from '../deps/diff.js';
import type { Dependency } from '../ecosystems/types.js';
import type { Finding } from '../findings.js';
import { createLicenseCache, resolveLicenses, type LicenseCache } from '../metadata/resolve.js';
import type { LicenseSource } from '../metadata/types.js';
import type { Policy } from '../policy/types.js';
import { compareTrees, type TouchedProjects, type TreeSide } from './compare.js';
import { isIgnoredPath, judge } from './judge.js';
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
  /** Where to look up licenses; empty when offline. */
  sources: readonly LicenseSource[];
  cache?: LicenseCache;
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
  };
  const needed = comparison.changes.flatMap((change) =>
    change.change === 'removed' ? [] : change.previous ? [change.dependency, change.previous] : [change.dependency],
  );
  const resolution = await resolveLicenses(needed, request.sources, request.cache ?? createLicenseCache());
  const withLicense = (dependency: Dependency): Dependency => {
    const found = resolution.licenses.get(dependency.purl);
    return dependency.license === undefined && found ? { ...dependency, license: found.license } : dependency;
  };
  const changes: Change[] = comparison.changes.map((change) => ({
    ...change,
    dependency: withLicense(change.dependency),
    ...(change.previous ? { previous: withLicense(change.previous) } : {}),
  }));
  const missingLicenseReasons = new Map([...resolution.failures].map(([purl, failure]) => [purl, `license lookup failed (${failure})`]));
  if (request.sources.length === 0) {
    for (const dependency of needed) {
      if (dependency.license === undefined && !missingLicenseReasons.has(dependency.purl)) {
        missingLicenseReasons.set(dependency.purl, 'the file records no license, and offline nothing was looked up');
      }
    }
  }
  const baseWarnings: Finding[] = comparison.baseProblems.map((problem) => ({
    rule: 'manifest/unparsable',
    severity: 'warning',
    message: `${problem.path} could not be read at the base ref (${problem.message}); its packages count as added`,
    path: problem.path,
  }));
  const judgement = judge({
    changes,
    problems: comparison.problems,
    policy: request.policy,
    today: request.today,
    missingLicenseReasons,
    extraFindings: [...resolution.findings, ...baseWarnings],
  });
  return {
    schemaVersion: 1,
    conclusion: judgement.conclusion,
    base: request.baseSha,
    head: request.headSha,
    manifests: comparison.manifests,
    changes: changes.map(toRecord),
    findings: judgement.findings,
  };
}

function toRecord(change: Change): ChangeRecord {
  const dependency = change.dependency;
  const previous = change.previous;
  const version = dependency.version ?? dependency.requirement;
  return {
    change: change.change,
    ecosystem: dependency.ecosystem,
    manifest: dependency.manifest,
    name: dependency.name,
    purl: dependency.purl,
    ...(change.change === 'added' ? {} : { from: change.change === 'removed' ? version : (previous?.version ?? previous?.requirement) }),
    ...(change.change === 'removed' ? {} : { to: version }),
    scope: dependency.scope,
    direct: dependency.direct,
    ...(dependency.license !== undefined ? { license: dependency.license } : {}),
    ...(previous?.license !== undefined ? { previousLicense: previous.license } : {}),
    ...(dependency.line !== undefined ? { line: dependency.line } : {}),
  };
}
