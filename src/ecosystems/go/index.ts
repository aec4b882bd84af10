import semver from 'semver';
import { makePurl } from '../../deps/purl.js';
import { compareVersionsGeneric } from '../../deps/version.js';
import { baseName, isInVendoredTree } from '../paths.js';
import { extractEachFile, type FileResult } from '../per-file.js';
import { clip, notTextProblem, ProblemList } from '../problems.js';
import type { Dependency, Ecosystem, SourceFile } from '../types.js';
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

/**
 * Directives the go command knows (golang.org/x/mod/modfile). It rejects a go.mod with any other
 * ("unknown directive"): a typo such as `requir` would otherwise hide the requirement it names.
 */
const DIRECTIVES = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);

function extractGoMod(file: SourceFile): FileResult {
  const notText = notTextProblem(file);
  if (notText) return { problem: { ...notText, message: `invalid go.mod: ${notText.message}` } };
  const parsed = parseGoMod(file.content);
  if (!parsed.ok) return { problem: { path: file.path, ...parsed.error, message: `invalid go.mod: ${parsed.error.message}` } };
  const problems = new ProblemList();
  const requires: GoModEntry[] = [];
  const tools: string[] = [];
  // Replacements by module path: `exact` for `old vX => ...` (that version only), `anyVersion` otherwise.
  const exact = new Map<string, Replacement>();
  const anyVersion = new Map<string, Replacement>();
  // One malformed directive is reported at its line; the others are still read.
  const bad = (entry: GoModEntry, message: string) => problems.add({ path: file.path, line: entry.line, message: `invalid go.mod: ${message}`, kind: 'invalid-entry' });
  let hasModule = false;
  for (const entry of parsed.entries) {
    if (!DIRECTIVES.has(entry.verb)) {
      bad(entry, `unknown directive "${clip(entry.verb)}"`);
      continue;
    }
    switch (entry.verb) {
      case 'module':
        hasModule = true;
        break;
      case 'require':
        if (entry.args.length !== 2) bad(entry, `require needs a module path and a version, got "${clip(entry.args.join(' '))}"`);
        else if (!isGoVersion(entry.args[1] as string)) bad(entry, `"${clip(entry.args[1] as string)}" is not a module version (vX.Y.Z)`);
        else requires.push(entry);
        break;
      case 'replace':
        readReplace(entry, exact, anyVersion, (message) => bad(entry, message));
        break;
      case 'tool':
        if (entry.args.length !== 1) bad(entry, `tool needs one package path, got "${clip(entry.args.join(' '))}"`);
        else tools.push(entry.args[0] as string);
        break;
      default:
        // go, toolchain, godebug, exclude (ignored by the go command outside the main module's
        // own selection), retract (about this module's own versions), ignore.
        break;
    }
  }
  // The go command refuses a go.mod without one ("missing module declaration"); a file of
  // something else named go.mod must not read as a module without requirements.
  if (!hasModule) {
    const unknown = parsed.entries.find((entry) => !DIRECTIVES.has(entry.verb));
    const why = unknown ? `unknown directive "${clip(unknown.verb)}", and no module directive` : 'no module directive (module example.com/name)';
    return { problem: { path: file.path, line: unknown?.line ?? parsed.entries[0]?.line ?? 1, message: `invalid go.mod: ${why}` } };
  }
  const dependencies = resolveRequires(file, requires, tools, exact, anyVersion, bad);
  return { dependencies, problems: problems.list() };
}

/** `old [version] => new version` or `old [version] => ../dir`, into the replacement maps. */
function readReplace(entry: GoModEntry, exact: Map<string, Replacement>, anyVersion: Map<string, Replacement>, bad: (message: string) => void): void {
  const arrow = entry.args.indexOf('=>');
  const left = entry.args.slice(0, arrow);
  const right = entry.args.slice(arrow + 1);
  if (arrow === -1 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
    bad(`replace needs "module [version] => module version" or "=> ../dir", got "${clip(entry.args.join(' '))}"`);
    return;
  }
  if (right.length === 1 && !isLocalPath(right[0] as string)) {
    bad(`replacement "${clip(right[0] as string)}" has no version and is not a directory path`);
    return;
  }
  const target: Replacement = right.length === 2 ? { path: right[0] as string, version: right[1] as string } : { path: right[0] as string };
  if (left.length === 2) exact.set(`${left[0]}@${left[1]}`, target);
  else anyVersion.set(left[0] as string, target);
}

function resolveRequires(
  file: SourceFile,
  requires: readonly GoModEntry[],
  tools: readonly string[],
  exact: ReadonlyMap<string, Replacement>,
  anyVersion: ReadonlyMap<string, Replacement>,
  bad: (entry: GoModEntry, message: string) => void,
): Dependency[] {
  // The module that provides a tool package is the required module with the longest path
  // prefix: look each prefix up, longest first (a few per tool, whatever the file's size).
  const required = new Set(requires.map((entry) => entry.args[0] as string));
  const toolModules = new Set<string>();
  for (const tool of tools) {
    for (let prefix = tool; prefix !== ''; prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('/')))) {
      if (required.has(prefix)) {
        toolModules.add(prefix);
        break;
      }
    }
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
    if (purl === undefined) {
      bad(entry, `"${clip(resolved)}" is not a version a module can be fetched at`);
      continue;
    }
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
  return dependencies;
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
