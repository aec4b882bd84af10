import semver from 'semver';
import { makePurl } from '../../deps/purl.js';
import { compareVersionsGeneric } from '../../deps/version.js';
import { baseName, isInVendoredTree } from '../paths.js';
import { extractEachFile } from '../per-file.js';
import type { Dependency, Ecosystem, ExtractionProblem, SourceFile } from '../types.js';
import { isGoVersion, isIndirect, isLocalPath, parseGoMod, type GoModEntry } from './gomod.js';

/**
 * Go modules: `go.mod` only. go.sum lists every module version the build graph ever considered
 * (hashes, not a resolution), so it is not read; go.mod lists the selected version of every
 * module the main module needs (complete since Go 1.17's module graph pruning).
 */
export const go: Ecosystem = {
  id: 'go',
  purlType: 'golang',
  depsDevSystem: 'GO',
  // vendor/ and testdata/ hold copies and test inputs the go command never reads as this module.
  owns: (path) => baseName(path) === 'go.mod' && !isInVendoredTree(path, ['vendor', 'testdata', 'node_modules']),
  extract: (files) => extractEachFile(files, 'go.mod', extractGoMod),
  compareVersions: compareGoVersions,
};

/**
 * Go's own order (golang.org/x/mod/semver.Compare): semver precedence, build metadata such as
 * `+incompatible` ignored. A pseudo-version is a pre-release of the version after its base tag
 * whose identifier starts with a fixed-width UTC timestamp (`v0.0.0-20230101120000-abcdef`), so
 * pseudo-versions of the same base order by their timestamp, and below the release they precede.
 */
export function compareGoVersions(a: string, b: string): number {
  const left = semver.valid(a);
  const right = semver.valid(b);
  if (left && right) return semver.compare(left, right);
  return compareVersionsGeneric(a, b);
}

interface Replacement {
  path: string;
  version?: string;
}

type Result = { dependencies: Dependency[] } | { problem: ExtractionProblem };

function extractGoMod(file: SourceFile): Result {
  const parsed = parseGoMod(file.content);
  if (!parsed.ok) return { problem: { path: file.path, ...parsed.error, message: `invalid go.mod: ${parsed.error.message}` } };
  const requires: GoModEntry[] = [];
  const tools: string[] = [];
  // Replacements by module path: `exact` for `old vX => ...` (that version only), `anyVersion` otherwise.
  const exact = new Map<string, Replacement>();
  const anyVersion = new Map<string, Replacement>();
  const bad = (entry: GoModEntry, message: string): Result => ({ problem: { path: file.path, line: entry.line, message: `invalid go.mod: ${message}` } });
  for (const entry of parsed.entries) {
    switch (entry.verb) {
      case 'require':
        if (entry.args.length !== 2) return bad(entry, `require needs a module path and a version, got "${entry.args.join(' ')}"`);
        if (!isGoVersion(entry.args[1] as string)) return bad(entry, `"${entry.args[1]}" is not a module version (vX.Y.Z)`);
        requires.push(entry);
        break;
      case 'replace': {
        const arrow = entry.args.indexOf('=>');
        const left = entry.args.slice(0, arrow);
        const right = entry.args.slice(arrow + 1);
        if (arrow === -1 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
          return bad(entry, `replace needs "module [version] => module version" or "=> ../dir", got "${entry.args.join(' ')}"`);
        }
        if (right.length === 1 && !isLocalPath(right[0] as string)) {
          return bad(entry, `replacement "${right[0]}" has no version and is not a directory path`);
        }
        const target: Replacement = right.length === 2 ? { path: right[0] as string, version: right[1] as string } : { path: right[0] as string };
        if (left.length === 2) exact.set(`${left[0]}@${left[1]}`, target);
        else anyVersion.set(left[0] as string, target);
        break;
      }
      case 'tool':
        if (entry.args.length !== 1) return bad(entry, `tool needs one package path, got "${entry.args.join(' ')}"`);
        tools.push(entry.args[0] as string);
        break;
      default:
        // module, go, toolchain, godebug, exclude (ignored by the go command outside the main
        // module's own selection), retract (about this module's own versions), ignore...
        break;
    }
  }

  const toolModules = new Set<string>();
  for (const tool of tools) {
    // The module that provides a tool package is the required module with the longest path prefix.
    let best: string | undefined;
    for (const entry of requires) {
      const path = entry.args[0] as string;
      if ((tool === path || tool.startsWith(`${path}/`)) && (best === undefined || path.length > best.length)) best = path;
    }
    if (best !== undefined) toolModules.add(best);
  }

  const dependencies: Dependency[] = [];
  for (const entry of requires) {
    const [path, version] = entry.args as [string, string];
    const replacement = exact.get(`${path}@${version}`) ?? anyVersion.get(path);
    // A directory replacement is a local module, part of this source tree: not a dependency.
    if (replacement && replacement.version === undefined) continue;
    const name = replacement?.path ?? path;
    const resolved = replacement?.version ?? version;
    const indirect = isIndirect(entry);
    // `go get -tool` writes the tool's module as `// indirect` when no code imports it: it is
    // then needed only to build the tool, a development dependency the go.mod names on purpose.
    // A tool module that code also imports is not marked indirect and stays runtime.
    const toolOnly = indirect && toolModules.has(path);
    const direct = !indirect || toolOnly;
    const purl = goPurl(name, resolved);
    if (purl === undefined) return bad(entry, `cannot build a package URL for ${name}@${resolved}`);
    dependencies.push({
      ecosystem: 'go',
      name,
      version: resolved,
      purl,
      manifest: file.path,
      line: entry.line,
      ...(direct ? { declaredAt: { path: file.path, line: entry.line } } : {}),
      scope: toolOnly ? 'development' : 'runtime',
      direct,
    });
  }
  return { dependencies };
}

/** pkg:golang/github.com/gorilla/mux@v1.8.0: namespace and name split at the last `/`. */
function goPurl(modulePath: string, version: string): string | undefined {
  const slash = modulePath.lastIndexOf('/');
  const namespace = slash === -1 ? undefined : modulePath.slice(0, slash);
  const name = slash === -1 ? modulePath : modulePath.slice(slash + 1);
  try {
    return makePurl('golang', namespace, name, version);
  } catch {
    // packageurl-js rejects a `v` version that is not semver; isGoVersion already screened these.
    return undefined;
  }
}
