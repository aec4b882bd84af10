/**
 * NuGet packages.lock.json (version 1, and 2 as written with Central Package Management):
 *
 *   { "version": 1, "dependencies": { "<target framework>[/<runtime id>]": {
 *       "Newtonsoft.Json": { "type": "Direct", "requested": "[13.0.3, )", "resolved": "13.0.3", ... } } } }
 *
 * `type` is Direct (a PackageReference of the project), Transitive, CentralTransitive (a
 * transitive package whose version Directory.Packages.props pins) or Project (another project of
 * the solution: not a package). The same package appears once per framework and runtime id;
 * mergeDuplicates folds the copies, since purl and manifest are equal.
 */
import { jsonKeyLines, keyPath, parseJson } from '../../deps/json-lines.js';
import { makePurl } from '../../deps/purl.js';
import type { Dependency, SourceFile } from '../types.js';
import type { FileResult } from '../per-file.js';

interface Entry {
  type?: unknown;
  requested?: unknown;
  resolved?: unknown;
}

interface Lockfile {
  version?: unknown;
  dependencies?: Record<string, Record<string, Entry> | null>;
}


export function extractNugetLockfile(file: SourceFile): FileResult {
  const parsed = parseJson<Lockfile>(file.content);
  if (!parsed.ok) return { problem: { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column } };
  const lock = parsed.value;
  if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) {
    return { problem: { path: file.path, line: 1, message: 'not a NuGet lockfile: the top level is not a JSON object' } };
  }
  if (lock.version !== 1 && lock.version !== 2) {
    const lines = jsonKeyLines(file.content, 'any');
    return { problem: { path: file.path, line: lines.get('version'), message: `unsupported packages.lock.json version ${JSON.stringify(lock.version ?? null)} (supported: 1, 2)` } };
  }
  if (typeof lock.dependencies !== 'object' || lock.dependencies === null) {
    return { problem: { path: file.path, message: 'packages.lock.json without a "dependencies" object' } };
  }
  const lines = jsonKeyLines(file.content);
  const dependencies: Dependency[] = [];
  for (const [framework, packages] of Object.entries(lock.dependencies)) {
    if (typeof packages !== 'object' || packages === null) continue;
    for (const [name, entry] of Object.entries(packages)) {
      if (typeof entry !== 'object' || entry === null || entry.type === 'Project') continue;
      const version = typeof entry.resolved === 'string' && entry.resolved !== '' ? entry.resolved : undefined;
      const requirement = version === undefined && typeof entry.requested === 'string' ? entry.requested : undefined;
      dependencies.push({
        ecosystem: 'nuget',
        name,
        ...(version !== undefined ? { version } : { ...(requirement !== undefined ? { requirement } : {}), unresolved: 'the lockfile records no resolved version' }),
        purl: makePurl('nuget', undefined, name, version),
        manifest: file.path,
        line: lines.get(keyPath('dependencies', framework, name)),
        // The lockfile has no development scope: PrivateAssets="all" (analyzers, build tools) is
        // recorded in the .csproj, which is MSBuild code we don't read. Everything is runtime.
        scope: 'runtime',
        direct: entry.type === 'Direct',
      });
    }
  }
  return { dependencies };
}
