/**
 * The one entry of the engine: two snapshots and a policy in, the Report out. The CLI, the app,
 * the benchmark and the corpus tests (test/helpers/corpus.ts, evaluateCorpusPair) call this; they
 * differ only in their snapshots and fact sources. The policy's ignored paths are applied here,
 * once, before anything is read.
 */
import { memoryCache, type FactCache } from '../metadata/cache.js';
import type { FactSource } from '../metadata/types.js';
import { isIgnoredPath } from '../policy/paths.js';
import type { Policy } from '../policy/types.js';
import { touchedProjects } from './compare.js';
import type { Report } from './report.js';
import { evaluate } from './run.js';
import { changedBetween, type Snapshot } from './snapshot.js';

export interface ChangeRequest {
  base: Snapshot;
  head: Snapshot;
  policy: Policy;
  /** Today as YYYY-MM-DD: the caller's clock (or OSPO_NOW). */
  today: string;
  /** Where to look up facts (licenses); empty when offline. */
  sources: readonly FactSource[];
  cache?: FactCache;
  /** Called as lookups settle (the CLI shows progress on a terminal). */
  onLookupProgress?: (done: number, total: number) => void;
}

export async function evaluateChange(request: ChangeRequest): Promise<Report> {
  const { policy, ...rest } = request;
  const [report] = await evaluateUnderPolicies({ ...rest, policies: [policy] });
  return report as Report;
}

/**
 * The same change judged under several policies (a policy change's impact: the current one and the
 * proposed one): the trees are listed and read once, with the files any of the policies keeps;
 * each evaluation then drops what its own policy ignores. Facts go through the cache, so the
 * second evaluation asks the sources only for kinds the first policy did not need.
 */
export async function evaluateUnderPolicies(request: Omit<ChangeRequest, 'policy'> & { policies: readonly Policy[] }): Promise<Report[]> {
  const { base, head, policies } = request;
  const [baseListing, headListing] = await Promise.all([base.listing(), head.listing()]);
  // An empty base (a first commit, `--base empty`) makes every head file a change.
  const changed = baseListing.size === 0 ? ('all' as const) : changedBetween(baseListing, headListing, (id) => id);
  const ignoredByAll = (path: string) => policies.every((policy) => isIgnoredPath(path, policy));
  const touched = touchedProjects([...baseListing.keys()], [...headListing.keys()], changed, ignoredByAll);
  const [baseTexts, headTexts] = await Promise.all([base.read(touched.baseFiles), head.read(touched.headFiles)]);
  // Without a cache of the caller's, one for this call: the second policy must not ask for the facts again.
  const cache = request.cache ?? (policies.length > 1 && request.sources.length > 0 ? memoryCache() : undefined);
  const reports: Report[] = [];
  // One after the other: the second finds the first's facts in the cache.
  for (const policy of policies) {
    reports.push(
      await evaluate({
        baseSha: base.sha,
        headSha: head.sha,
        base: { read: (path) => baseTexts.get(path) },
        head: { read: (path) => headTexts.get(path) },
        projects: touched,
        policy,
        today: request.today,
        sources: request.sources,
        wholeTree: changed === 'all',
        ...(cache ? { cache } : {}),
        ...(request.onLookupProgress ? { onLookupProgress: request.onLookupProgress } : {}),
      }),
    );
  }
  return reports;
}
