/**
 * The peer side of the peer section: Snyk's snyk-nodejs-lockfile-parser reading one side of a
 * change (manifest + lockfile) through the documented entry for its lockfile version, as the set
 * of (name, version) pairs its dependency graph (or, for npm lockfile v1, its legacy tree) holds.
 */
import snyk from 'snyk-nodejs-lockfile-parser';

type DepTree = Awaited<ReturnType<typeof snyk.buildDepTree>>;

export interface SnykSide {
  /** Snyk's own name for the lockfile version (NPM_LOCK_V1, YARN_LOCK_V2...). */
  version: string;
  entry: string;
  pairs: Set<string>;
}

// What the CLI reads by default: dev and optional dependencies too (ours judges both), cycles
// pruned, and no out-of-sync failure (the corpus manifests are upstream's, not always in sync).
const common = { includeDevDeps: true, includeOptionalDeps: true, includePeerDeps: false, strictOutOfSync: false } as const;

const graphPairs = (graph: { getPkgs(): { name: string; version?: string }[] }): Set<string> =>
  new Set(graph.getPkgs().map((pkg) => `${pkg.name}@${pkg.version ?? ''}`));

/** Every (name, version) of a legacy tree: iterative, a tree of 30 000 nodes is no stack for recursion. */
export function treePairs(tree: DepTree): Set<string> {
  const pairs = new Set<string>();
  const stack: NonNullable<DepTree['dependencies']>[string][] = [tree];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (const child of Object.values(node.dependencies ?? {})) {
      pairs.add(`${child.name ?? ''}@${child.version ?? ''}`);
      stack.push(child);
    }
  }
  return pairs;
}

export async function snykSide(lockfile: string, manifest: string, lock: string): Promise<SnykSide> {
  if (lockfile === 'yarn.lock') {
    const version = snyk.getYarnLockfileVersion(lock);
    if (version === snyk.NodeLockfileVersion.YarnLockV1) {
      const graph = await snyk.parseYarnLockV1Project(manifest, lock, { ...common, pruneLevel: 'cycles' });
      return { version, entry: 'parseYarnLockV1Project', pairs: graphPairs(graph) };
    }
    const graph = await snyk.parseYarnLockV2Project(manifest, lock, { ...common, pruneWithinTopLevelDeps: true });
    return { version, entry: 'parseYarnLockV2Project', pairs: graphPairs(graph) };
  }
  if (lockfile === 'pnpm-lock.yaml') {
    const version = snyk.getPnpmLockfileVersion(lock);
    const graph = await snyk.parsePnpmProject(manifest, lock, { ...common, pruneWithinTopLevelDeps: true }, version);
    return { version, entry: 'parsePnpmProject', pairs: graphPairs(graph) };
  }
  const version = snyk.getNpmLockfileVersion(lock);
  if (version === snyk.NodeLockfileVersion.NpmLockV1) {
    // The dep-graph entry reads lockfile v2/v3 only; v1 goes through the legacy tree builder.
    const tree = await snyk.buildDepTree(manifest, lock, true, snyk.LockfileType.npm, false);
    return { version, entry: 'buildDepTree (npm, legacy tree)', pairs: treePairs(tree) };
  }
  const graph = await snyk.parseNpmLockV2Project(manifest, lock, { ...common, pruneCycles: true });
  return { version, entry: 'parseNpmLockV2Project', pairs: graphPairs(graph) };
}

/** Snyk's whole answer to "what changed": both sides parsed, then the set difference both ways. */
export async function snykChange(lockfile: string, base: { manifest: string; lock: string }, head: { manifest: string; lock: string }) {
  const before = await snykSide(lockfile, base.manifest, base.lock);
  const after = await snykSide(lockfile, head.manifest, head.lock);
  const added = [...after.pairs].filter((pair) => !before.pairs.has(pair));
  const removed = [...before.pairs].filter((pair) => !after.pairs.has(pair));
  return { before, after, added: added.length, removed: removed.length };
}
