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
 *
 * Shapes are checked at the edge: a framework that is not a map, or a package entry that is not
 * one (null, a list, a string) or whose fields are not strings, is an `invalid-entry` problem at
 * its line, and the other entries are still read.
 */
import { jsonKeyLines, jsonKeyTree, keyLineAt, parseJson, type KeyLine } from '../formats/json-lines.js';
import { type FileResult } from '../per-file.js';
import { lazyShape } from '../shape.js';
import { ProblemList, quote } from '../problems.js';
import { purlOf } from '../../deps/purl.js';
import { kindOf } from '../shape.js';
import { stripBom } from '../text.js';
import type { PackageHash } from '../../deps/model.js';
import { base64Hash } from '../hashes.js';
import type { Dependency, SourceFile } from '../types.js';

interface Entry {
  type?: string;
  requested?: string;
  resolved?: string;
  /** The .nupkg's sha512, base64; unchecked: a malformed one is only not recorded. */
  contentHash?: unknown;
}

const ENTRY = lazyShape<Entry>({
  type: 'object',
  properties: {
    type: { type: 'string' },
    requested: { type: 'string' },
    resolved: { type: 'string', minLength: 1 },
  },
});

const TOP_LEVEL = lazyShape<{ version: 1 | 2; dependencies: Record<string, unknown> }>({
  type: 'object',
  required: ['version', 'dependencies'],
  properties: { version: { enum: [1, 2] }, dependencies: { type: 'object' } },
});

/** `dependencies` › framework › package: the lines looked up are no deeper (an entry's own `dependencies` are not read). */
const ENTRY_DEPTH = 3;

export function extractNugetLockfile(file: SourceFile): FileResult {
  const content = stripBom(file.content);
  const parsed = parseJson<unknown>(content);
  if (!parsed.ok) return { problem: { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column } };
  const lock = parsed.value;
  if (!TOP_LEVEL.is(lock)) return { problem: { path: file.path, ...topLevelProblem(lock, content) } };
  // Lines of the keys whose value is a map (every valid entry); every key's line only when an
  // entry is malformed, which is rare, and costs a second scan.
  const lines = jsonKeyTree(content, 'container', ENTRY_DEPTH);
  let anyLines: Map<string, KeyLine> | undefined;
  const anyLineOf = (...keys: string[]) => keyLineAt((anyLines ??= jsonKeyTree(content, 'any', ENTRY_DEPTH)), ...keys)?.line;
  const problems = new ProblemList();
  const invalid = (line: number | undefined, message: string) => problems.add({ path: file.path, line, message, kind: 'invalid-entry' });
  const dependencies: Dependency[] = [];
  const frameworkLines = keyLineAt(lines, 'dependencies')?.inside;
  for (const framework of Object.keys(lock.dependencies)) {
    const packages = lock.dependencies[framework];
    if (typeof packages !== 'object' || packages === null || Array.isArray(packages)) {
      invalid(frameworkLines?.get(framework)?.line ?? anyLineOf('dependencies', framework), `target framework ${quote(framework)} is ${kindOf(packages)}, expected a map of packages`);
      continue;
    }
    const entryLines = frameworkLines?.get(framework)?.inside;
    for (const name of Object.keys(packages)) {
      const entry = (packages as Record<string, unknown>)[name];
      const line = entryLines?.get(name)?.line ?? anyLineOf('dependencies', framework, name);
      const wrong = ENTRY.problem(entry);
      if (wrong !== undefined) {
        invalid(line, `package ${quote(name)} (${framework}): ${wrong}`);
        continue;
      }
      const valid = entry as Entry;
      if (valid.type === 'Project') continue;
      const version = valid.resolved;
      const purl = purlOf('nuget', undefined, name, version);
      if (purl === undefined) {
        invalid(line, `package name ${quote(name)} (${framework}) is not a package id`);
        continue;
      }
      // One literal, absent fields undefined: this runs for every entry of multi-megabyte lockfiles.
      dependencies.push({
        ecosystem: 'nuget',
        name,
        version,
        requirement: version === undefined ? valid.requested : undefined,
        unresolved: version === undefined ? 'the lockfile records no resolved version' : undefined,
        purl,
        manifest: file.path,
        line,
        // The lockfile has no development scope: PrivateAssets="all" (analyzers, build tools) is
        // recorded in the .csproj, which is MSBuild code we don't read. Everything is runtime.
        scope: 'runtime',
        direct: valid.type === 'Direct',
        hashes: contentHashOf(valid.contentHash),
      });
    }
  }
  return { dependencies, problems: problems.list() };
}

function contentHashOf(contentHash: unknown): PackageHash[] | undefined {
  const hash = typeof contentHash === 'string' ? base64Hash('sha512', contentHash) : undefined;
  return hash ? [hash] : undefined;
}

/** Why the top level is not a lockfile NuGet writes, at the line of the key concerned. */
function topLevelProblem(lock: unknown, content: string): { line?: number; message: string } {
  if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) return { line: 1, message: `not a NuGet lockfile: the top level is ${kindOf(lock)}, expected a JSON object` };
  const { version, dependencies } = lock as Record<string, unknown>;
  const lines = jsonKeyLines(content, 'any');
  if (version !== 1 && version !== 2) {
    return { line: lines.get('version'), message: `unsupported packages.lock.json version ${typeof version === 'number' ? version : typeof version === 'string' ? quote(version) : kindOf(version ?? null)} (supported: 1, 2)` };
  }
  return {
    line: lines.get('dependencies'),
    message: dependencies === undefined ? 'packages.lock.json without a "dependencies" object' : `"dependencies" is ${kindOf(dependencies)}, expected a map of target frameworks`,
  };
}
