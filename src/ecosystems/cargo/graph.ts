/**
 * From Cargo.lock's package graph and the Cargo.toml declarations to direct flags and scopes.
 *
 * Packages without a `source` are this project's own crates (workspace members, path crates):
 * what they depend on is a direct dependency. A member whose Cargo.toml we have says which of
 * its edges are normal, build or dev dependencies; the lock alone does not.
 *
 * Scopes: `[dependencies]` and `[build-dependencies]` are `runtime`. Build dependencies run on
 * the build machine rather than ship in the binary, but what they generate (bat's build script
 * writes code and assets that are compiled in) does ship, and a licence policy that ignored them
 * would miss what the artifact is made of; only `[dev-dependencies]` (tests, examples, benches)
 * are `development`. A transitive package is `runtime` when reachable from a runtime direct
 * dependency, else `development` when reachable from a dev one, else `unknown`.
 */
import { appendAll } from '../../deps/arrays.js';
import semver from 'semver';
import type { Scope } from '../types.js';
import type { LockPackage } from './lockfile.js';
import type { CargoDeclaration, CargoManifest } from './manifest.js';
import { scopesByReachability } from '../../deps/reachability.js';

export interface ResolvedDeclaration {
  declaration: CargoDeclaration;
  manifest: string;
  targets: number[];
}

export interface CargoGraphResult {
  scope: Map<number, Scope>;
  direct: Set<number>;
  /** For a direct package, the declarations that name it. */
  declaredBy: Map<number, ResolvedDeclaration[]>;
}

/** Cargo requirement (`1.2`, `^1.2`, `~1`, `=1.0.3`, `>=1, <2`, `*`) as an npm semver range. */
export function cargoRange(requirement: string): string {
  return requirement
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (/^\d/.test(part) ? `^${part}` : part.replace(/^=\s*/, '')))
    .join(' ');
}

function matchesRequirement(version: string, requirement: string | undefined): boolean {
  if (requirement === undefined) return true;
  try {
    return semver.satisfies(version, cargoRange(requirement), { loose: true, includePrerelease: true });
  } catch {
    return true;
  }
}

/** Declarations with `workspace = true` take crate name and version from [workspace.dependencies]. */
export function inheritDeclarations(manifest: CargoManifest, workspaceRoot: CargoManifest | undefined): CargoDeclaration[] {
  const shared = new Map((workspaceRoot?.declarations ?? []).filter((d) => d.kind === 'workspace').map((d) => [d.key, d]));
  return manifest.declarations.map((declaration) => {
    if (!declaration.inherited) return declaration;
    const base = shared.get(declaration.key);
    if (!base) return declaration;
    return {
      ...declaration,
      crate: base.crate,
      ...(base.requirement !== undefined ? { requirement: base.requirement } : {}),
      ...(base.path !== undefined ? { path: base.path } : {}),
      ...(base.git !== undefined ? { git: base.git } : {}),
    };
  });
}

export function analyseCargoGraph(packages: readonly LockPackage[], manifests: readonly CargoManifest[], workspaceRoot: CargoManifest | undefined): CargoGraphResult {
  const local = packages.filter((pkg) => pkg.source === undefined);
  const pick = (candidates: LockPackage[], declaration: CargoDeclaration): number[] => {
    const byKind = candidates.filter((pkg) => (declaration.path !== undefined ? pkg.source === undefined : true));
    const matching = byKind.filter((pkg) => matchesRequirement(pkg.version, declaration.requirement));
    return (matching.length > 0 ? matching : byKind).map((pkg) => pkg.index);
  };

  // The manifest of each local package, matched by [package] name.
  const memberManifest = new Map<number, ResolvedDeclaration[]>();
  const resolved: ResolvedDeclaration[] = [];
  for (const manifest of manifests) {
    const member = local.find((pkg) => pkg.name === manifest.packageName);
    const declarations = inheritDeclarations(manifest, workspaceRoot);
    if (member) {
      const edges = member.dependencies.map((index) => packages[index]).filter((pkg): pkg is LockPackage => pkg !== undefined);
      const own: ResolvedDeclaration[] = declarations
        .filter((d) => d.kind !== 'workspace')
        .map((declaration) => ({ declaration, manifest: manifest.path, targets: pick(edges.filter((pkg) => pkg.name === declaration.crate), declaration) }));
      memberManifest.set(member.index, own);
      appendAll(resolved, own);
    }
    if (manifest === workspaceRoot) {
      // [workspace.dependencies] are direct dependencies of the workspace even when no member
      // manifest is at hand to say how they are used (scope then stays unknown).
      // The packages local crates depend on, by name: one lookup per declaration.
      const usedByLocal = new Map<string, LockPackage[]>();
      for (const index of [...new Set(local.flatMap((pkg) => pkg.dependencies))].sort((a, b) => a - b)) {
        const pkg = packages[index];
        if (!pkg) continue;
        const list = usedByLocal.get(pkg.name);
        if (list) list.push(pkg);
        else usedByLocal.set(pkg.name, [pkg]);
      }
      for (const declaration of declarations.filter((d) => d.kind === 'workspace')) {
        const candidates = usedByLocal.get(declaration.crate) ?? [];
        resolved.push({ declaration, manifest: manifest.path, targets: pick(candidates, declaration) });
      }
    }
  }

  const direct = new Set<number>();
  for (const pkg of local) for (const index of pkg.dependencies) direct.add(index);
  const declaredBy = new Map<number, ResolvedDeclaration[]>();
  for (const entry of resolved) {
    for (const index of entry.targets) {
      direct.add(index);
      const list = declaredBy.get(index);
      if (list) list.push(entry);
      else declaredBy.set(index, [entry]);
    }
  }

  // A local crate with a manifest passes on only its normal and build dependencies; any other
  // package passes on everything the lock lists for it (non-members' dev-dependencies are never
  // in the lock).
  const onward = (index: number): number[] => {
    const own = memberManifest.get(index);
    if (own) return own.filter((entry) => entry.declaration.kind !== 'dev').flatMap((entry) => entry.targets);
    return packages[index]?.dependencies ?? [];
  };
  const seeds = (kinds: readonly string[]) =>
    [...memberManifest.values()].flat().filter((entry) => kinds.includes(entry.declaration.kind)).flatMap((entry) => entry.targets);
  const roots = [
    ...seeds(['normal', 'build']).map((node) => ({ node, scope: 'runtime' as const })),
    ...seeds(['dev']).map((node) => ({ node, scope: 'development' as const })),
  ];
  const scope: Map<number, Scope> = scopesByReachability(roots, onward);
  return { scope, direct, declaredBy };
}
