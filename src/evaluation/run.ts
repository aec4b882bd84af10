/**
 * One evaluation, end to end, for the CLI and the app alike: compare the trees (pure), gather the
 * facts the files do not carry (the only place that asks the fact sources, through the batch
 * port), judge (pure, over the facts as data), shape the report.
 */
import type { Change } from '../deps/diff.js';
import type { Dependency } from '../deps/model.js';
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
import { introductionChains, type IntroductionChain } from '../deps/introduced-by.js';
import { neededFactKinds } from '../rules/needed-facts.js';
import { addPackageIntelligence } from './package-intelligence.js';
import type { ManifestInventory } from './report.js';
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
  /** `projects` are every project of the tree (an empty base): unused exceptions can be told then. */
  wholeTree?: boolean;
}

export async function evaluate(request: EvaluationRequest): Promise<Report> {
  const compared = compareTrees(request.base, request.head, request.projects);
  // Manifests under an ignored path (`paths: [{ match, ignore: true }]`) are left out entirely.
  // Without ignore entries nothing is dropped: no copy of a 365k-change list.
  const ignoring = request.policy.paths.some((rule) => rule.ignore);
  const keep = <T>(items: T[], pathOf: (item: T) => string): T[] => (ignoring ? items.filter((item) => !isIgnoredPath(pathOf(item), request.policy)) : items);
  const comparison = {
    changes: keep(compared.changes, (change) => change.dependency.manifest),
    manifests: keep(compared.manifests, (manifest) => manifest.path),
    problems: keep(compared.problems, (problem) => problem.path),
    baseProblems: keep(compared.baseProblems, (problem) => problem.path),
    inventory: keep(compared.inventory, (manifest) => manifest.path),
  };
  // A loop, not flatMap: a 365k-package change would make as many one-element arrays (and
  // offline there is nothing to look up).
  const needed: Dependency[] = [];
  for (const change of request.sources.length > 0 || request.cache ? comparison.changes : []) {
    if (change.change === 'removed') continue;
    needed.push(change.dependency);
    if (change.previous) needed.push(change.previous);
  }
  const gathered = await gatherFacts(needed, request.sources, {
    kinds: neededFactKinds(request.policy),
    ...(request.cache ? { cache: request.cache } : {}),
    ...(request.onLookupProgress ? { onProgress: request.onLookupProgress } : {}),
  });
  const { facts } = gathered;
  const baseWarnings: Finding[] = comparison.baseProblems.map((problem) =>
    problem.kind === 'invalid-entry'
      ? { rule: 'manifest/invalid-entry', severity: 'warning', message: `${problem.path} at the base ref: ${problem.message}`, path: problem.path, ...(problem.line !== undefined ? { line: problem.line } : {}) }
      : { rule: 'manifest/unparsable', severity: 'warning', message: `${problem.path} could not be read at the base ref (${problem.message}); its packages count as added`, path: problem.path },
  );
  // One index for the rules and the records: each manifest's chains are built once.
  const introducedBy = chainsByManifest(comparison.inventory);
  const judgement = judge({
    changes: comparison.changes,
    problems: comparison.problems,
    policy: request.policy,
    today: request.today,
    facts,
    introducedBy,
    inventory: comparison.inventory,
    wholeTree: request.wholeTree === true,
    extraFindings: [...gathered.findings, ...baseWarnings, ...lockFindings(request.policy)],
  });
  return {
    schemaVersion: 1,
    conclusion: judgement.conclusion,
    ...(judgement.conclusionReason ? { conclusionReason: judgement.conclusionReason } : {}),
    base: request.baseSha,
    head: request.headSha,
    manifests: comparison.manifests,
    changes: comparison.changes.map((change) => toRecord(change, facts, introducedBy)),
    findings: judgement.findings,
    inventory: comparison.inventory,
  };
}

/** A transitive dependency's chain, from a direct dependency down to it (itself last), when its file records one. */
type ChainOf = (dependency: Dependency) => string[] | undefined;

/** How a transitive dependency came in, from the head dependencies of its own manifest (indexed on first use). */
function chainsByManifest(inventory: readonly ManifestInventory[]): ChainOf {
  const chains = new Map<string, IntroductionChain>();
  const byPath = new Map(inventory.map((manifest) => [manifest.path, manifest.dependencies]));
  return (dependency) => {
    let chain = chains.get(dependency.manifest);
    if (!chain) chains.set(dependency.manifest, (chain = introductionChains(byPath.get(dependency.manifest) ?? [])));
    return chain(dependency) ?? undefined;
  };
}

/**
 * One change as the contract records it. Fields are assigned one by one in the contract's key
 * order (JSON keeps it), not spread from temporary objects: a 365k-package change makes as many.
 */
function toRecord(change: Change, facts: Facts, chainOf: ChainOf): ChangeRecord {
  const dependency = change.dependency;
  const removed = change.change === 'removed';
  const previous = removed ? undefined : change.previous;
  const fact = licenseOf(dependency, facts);
  const previousFact = previous ? licenseOf(previous, facts) : undefined;
  const license = recordedLicense(fact?.value);
  const previousLicense = recordedLicense(previousFact?.value);
  // `from`/`to` are versions only: an unresolved version is `requirement` + `unresolved`, never prose in `to`.
  const from = removed ? dependency.version : previous?.version;
  const to = removed ? undefined : dependency.version;
  const record = { change: change.change, ecosystem: dependency.ecosystem, manifest: dependency.manifest, name: dependency.name, purl: dependency.purl } as ChangeRecord;
  if (change.change !== 'added' && from !== undefined) record.from = from;
  if (to !== undefined) record.to = to;
  if (dependency.version === undefined && dependency.requirement !== undefined) record.requirement = dependency.requirement;
  if (dependency.version === undefined && dependency.unresolved !== undefined) record.unresolved = dependency.unresolved;
  if (previous && previous.version === undefined && previous.requirement !== undefined) record.previousRequirement = previous.requirement;
  const fromTag = removed ? dependency.tag : previous?.tag;
  if (fromTag !== undefined) record.fromTag = fromTag;
  if (!removed && dependency.tag !== undefined) record.toTag = dependency.tag;
  record.scope = dependency.scope;
  record.direct = dependency.direct;
  if (license) {
    record.license = license.license;
    if (license.declared !== undefined) record.declaredLicense = license.declared;
  }
  if (previousLicense) {
    record.previousLicense = previousLicense.license;
    if (previousLicense.declared !== undefined) record.previousDeclaredLicense = previousLicense.declared;
  }
  // As the license/changed rule decides it: SPDX equivalence of the texts, not string equality.
  if (fact && previousFact && !sameLicense(previousFact.value, fact.value)) record.licenseChanged = true;
  if (license && fact) record.licenseSource = fact.source;
  const unchecked = license || removed ? undefined : licenseUnchecked(dependency, facts);
  if (unchecked !== undefined) record.licenseUnchecked = unchecked;
  if (dependency.line !== undefined) record.line = dependency.line;
  if (!removed && !dependency.direct) {
    // Offline too: the chain is read from the lockfile. A chain of one is a root not declared directly (a workspace member's own dependency): nothing to trace.
    const chain = chainOf(dependency);
    if (chain !== undefined && chain.length >= 2) record.introducedBy = chain; // a new array per call: not shared
  }
  if (!removed) addPackageIntelligence(record, dependency, facts);
  return record;
}

/** The license as output: the SPDX reading when the text went through the normalisation table (the declared text beside it), else as recorded. */
function recordedLicense(raw: string | undefined): { license: string; declared?: string } | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseLicense(raw);
  return parsed.known && parsed.declared !== undefined ? { license: parsed.expression, declared: parsed.declared } : { license: raw };
}

/** The locked keys the repository's file tried to loosen (the org value stood): errors on that file's lines. */
function lockFindings(policy: Policy): Finding[] {
  return (policy.lockViolations ?? []).map((violation) => ({
    rule: 'policy/locked',
    severity: 'error',
    message: `${violation.path}${violation.line !== undefined ? `:${violation.line}` : ''}: ${violation.message}`,
    help: "Remove the key from this repository's policy file, or make it at least as strict as the organization's.",
    path: violation.path,
    ...(violation.line !== undefined ? { line: violation.line } : {}),
    ...(violation.column !== undefined ? { column: violation.column } : {}),
  }));
}
