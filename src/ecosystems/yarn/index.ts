import { appendAll } from '../../deps/arrays.js';
import { scopesByReachability } from '../../deps/reachability.js';
import { countDistinctPurls } from '../../deps/merge.js';
import semver from 'semver';
import { makePurl, splitScopedName } from '../../deps/purl.js';
import { baseName, dirName, joinPath } from '../paths.js';
import { Dependents, groupJsProjects, ownsJsPath, PACKAGE_JSON, readProjectManifests, workspaceLabel, workspaceLabelOf, type PackageJson } from '../package-json.js';
import type { Dependency, Ecosystem, Extraction, Location, Scope, SourceFile } from '../types.js';
import { parseYarnLock, type ParsedYarnLock, type YarnEntry } from './lockfile.js';

const LOCKFILES: readonly string[] = ['yarn.lock'];

/** yarn: yarn.lock (classic v1 and berry) with the package.json files of the project. */
export const yarn: Ecosystem = {
  id: 'yarn',
  lockfiles: LOCKFILES,
  sharedManifest: PACKAGE_JSON,
  owns: (path) => ownsJsPath(path, LOCKFILES),
  projects: (ownedPaths, allPaths, context) => groupJsProjects(ownedPaths, allPaths, context.governingLockfiles, false),
  extract: extractYarnProject,
  compareVersions: (a, b) => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b, 'en', { numeric: true })),
};

/** The most entries an unmatched `name: range` falls back to (every entry installed under that name). */
const MAX_FALLBACK_ENTRIES = 16;

interface Root {
  entry: YarnEntry;
  scope: Scope;
  declaredAt?: Location;
}

function extractYarnProject(files: readonly SourceFile[]): Extraction {
  const { manifests, problems } = readProjectManifests(files);
  const lockfile = files.find((file) => baseName(file.path) === 'yarn.lock');
  // Without the lockfile there are no resolved versions; yarn never claims a bare package.json.
  if (!lockfile) return { dependencies: [], manifests: [], problems };
  const parsed = parseYarnLock(lockfile);
  if ('problem' in parsed) return { dependencies: [], manifests: [], problems: [...problems, parsed.problem] };
  appendAll(problems, parsed.problems);

  const lockDir = dirName(lockfile.path);
  const targets = edgeTargets(parsed);
  const roots = findRoots(parsed, manifests, lockDir);
  const scopes = walkScopes(targets, roots);
  const dependents = dependentsOf(parsed, targets, manifests, lockDir);
  const direct = new Map<YarnEntry, Location | undefined>();
  for (const root of roots) if (!direct.has(root.entry) || direct.get(root.entry) === undefined) direct.set(root.entry, root.declaredAt);

  const collected: Dependency[] = [];
  for (const entry of parsed.entries) {
    if (entry.local || entry.version === undefined) continue;
    const { namespace, name } = splitScopedName(entry.name);
    const declaredAt = direct.get(entry);
    collected.push({
      ecosystem: 'yarn',
      name: entry.name,
      version: entry.version,
      purl: makePurl('npm', namespace, name, entry.version),
      manifest: lockfile.path,
      line: entry.line,
      ...(declaredAt?.line !== undefined ? { declaredAt } : {}),
      scope: scopes.get(entry) ?? 'unknown',
      direct: direct.has(entry),
      requiredBy: dependents.of(entry),
      ...(entry.hashes !== undefined ? { hashes: entry.hashes } : {}),
    });
  }
  // Several entries can install the same version (patched copies, aliases, peer sets): the
  // pipeline merges them (once, for every ecosystem); the manifest counts each version once.
  return { dependencies: collected, manifests: [{ path: lockfile.path, packages: countDistinctPurls(collected) }], problems };
}

/**
 * The entries a `name: range` reference designates: the entry of that descriptor (berry writes a
 * bare package.json range as `npm:range`) and the patched entries wrapping it. When no entry has
 * the descriptor (a `resolutions` override rewrote it, or the lockfile is stale), every entry
 * installed under that name, if there are at most MAX_FALLBACK_ENTRIES. Never a workspace: its entry lists its dev dependencies too, and its
 * own package.json speaks for it. Other local entries (file:, link:, portal:) are returned so the
 * walk goes through them; they are not reported themselves.
 */
function lookup(parsed: ParsedYarnLock, name: string, range: string): YarnEntry[] {
  let spec = `${name}@${range}`;
  let entry = parsed.bySpec.get(spec);
  if (!entry && parsed.berry) {
    spec = `${name}@npm:${range}`;
    entry = parsed.bySpec.get(spec);
  }
  if (!entry) {
    // Real lockfiles hold a few versions of a name; past that the guess is no guess, and a hostile
    // file of thousands of same-name entries would make every edge reach all of them.
    const installed = parsed.byInstalledName.get(name) ?? [];
    return installed.length <= MAX_FALLBACK_ENTRIES ? installed : [];
  }
  if (entry.workspace !== undefined) return [];
  return [entry, ...(parsed.patchedBy.get(spec) ?? [])];
}

/**
 * The direct dependencies: what the project's package.json files declare (root manifest first,
 * so its line wins), and for berry the dependencies of workspace entries whose package.json we
 * were not given (direct, but of unknown scope).
 */
function findRoots(parsed: ParsedYarnLock, manifests: readonly PackageJson[], lockDir: string): Root[] {
  const roots: Root[] = [];
  const rootFirst = [...manifests].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (const manifest of rootFirst) {
    for (const declaration of manifest.declared) {
      for (const entry of lookup(parsed, declaration.name, declaration.requirement)) roots.push({ entry, scope: declaration.scope, declaredAt: declaration.location });
    }
  }
  const manifestPaths = new Set(manifests.map((manifest) => manifest.path));
  for (const entry of parsed.entries) {
    if (entry.workspace === undefined) continue;
    const folder = entry.workspace === '.' ? '' : entry.workspace.replace(/^\.\//, '');
    if (manifestPaths.has(joinPath(joinPath(lockDir, folder), 'package.json'))) continue;
    for (const [name, range] of entry.edges) {
      for (const target of lookup(parsed, name, range)) roots.push({ entry: target, scope: 'unknown' });
    }
  }
  return roots;
}

/** The entries each entry's `name: range` edges designate, looked up once for every use. */
function edgeTargets(parsed: ParsedYarnLock): Map<YarnEntry, YarnEntry[]> {
  const targets = new Map<YarnEntry, YarnEntry[]>();
  for (const entry of parsed.entries) {
    const reached: YarnEntry[] = [];
    for (const [name, range] of entry.edges) appendAll(reached, lookup(parsed, name, range));
    targets.set(entry, reached);
  }
  return targets;
}

/**
 * Who depends on each entry: the projects whose package.json declares it and berry's workspace
 * entries (`workspace:<folder>`), and the packages whose entries list it (by name).
 */
function dependentsOf(
  parsed: ParsedYarnLock,
  targets: ReadonlyMap<YarnEntry, YarnEntry[]>,
  manifests: readonly PackageJson[],
  lockDir: string,
): Dependents<YarnEntry> {
  const dependents = new Dependents<YarnEntry>();
  for (const manifest of manifests) {
    const label = workspaceLabelOf(manifest.path, lockDir);
    for (const declaration of manifest.declared) {
      for (const entry of lookup(parsed, declaration.name, declaration.requirement)) dependents.add(entry, label);
    }
  }
  for (const [entry, reached] of targets) {
    const label = entry.workspace !== undefined ? workspaceLabel(entry.workspace) : entry.name;
    for (const target of reached) dependents.add(target, label);
  }
  return dependents;
}

/**
 * Scope by reachability: what the runtime direct dependencies reach is runtime; what only the
 * development ones reach is development; the rest (reached from nothing we know) is unknown.
 */
function walkScopes(targets: ReadonlyMap<YarnEntry, YarnEntry[]>, roots: readonly Root[]): Map<YarnEntry, Scope> {
  const known = roots.flatMap((root) => (root.scope === 'unknown' ? [] : [{ node: root.entry, scope: root.scope }]));
  return scopesByReachability(known, (entry) => targets.get(entry) ?? []);
}
