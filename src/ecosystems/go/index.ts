import semver from 'semver';
import { ownString } from '../../deps/order.js';
import { makePurl } from '../../deps/purl.js';
import { compareVersionsGeneric } from '../../deps/version.js';
import { baseName, isInVendoredTree } from '../paths.js';
import { extractEachFile, type FileResult } from '../per-file.js';
import { clip, notTextProblem, ProblemList } from '../problems.js';
import type { Dependency, Ecosystem, Scope, SourceFile } from '../types.js';
import { isGoVersion, isLocalPath, parseGoMod, type GoModEntry } from './gomod.js';

/**
 * Go modules: `go.mod` only. go.sum lists every module version the build graph ever considered
 * (hashes, not a resolution), so it is not read; go.mod lists the selected version of every
 * module the main module needs (complete since Go 1.17's module graph pruning).
 */
export const go: Ecosystem = {
  id: 'go',
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

/** A `require` line that names a module path and a version. */
interface Requirement {
  path: string;
  version: string;
  line: number;
  indirect: boolean;
}

/** What can change what a requirement means: replace directives and the modules of tool directives. */
interface Directives {
  exact: ReadonlyMap<string, Replacement>;
  anyVersion: ReadonlyMap<string, Replacement>;
  toolModules: ReadonlySet<string>;
}

/** A requirement's dependency; `local` for a directory replacement (a module of this tree); or the version no purl can hold. */
type Resolution = Dependency | 'local' | { unfetchable: string };

/**
 * The require lines, read as they come. Replace and tool directives further down the file can
 * still change what a requirement means, but a big go.mod has none: so each requirement becomes
 * its dependency at once, with nothing else kept per line, and only a file that has such
 * directives is resolved again, from those dependencies, once it is read.
 */
class Requires {
  private readonly read: Dependency[] = [];
  /** Requirements whose version no purl can hold, each with how many dependencies were read before it. */
  private readonly unfetchable: { before: number; requirement: Requirement; version: string }[] = [];

  constructor(private readonly manifest: string) {}

  /** resolveRequirement without directives, with no Requirement record made unless the version is unfetchable. */
  add(path: string, version: string, line: number, indirect: boolean): void {
    const name = ownString(path);
    const purl = goPurl(name, version);
    if (purl === undefined) this.unfetchable.push({ before: this.read.length, requirement: { path, version, line, indirect }, version });
    else this.read.push(goDependency(this.manifest, name, version, purl, line, !indirect, 'runtime'));
  }

  /** The dependencies; each requirement that has none and is no local module is reported with `bad`, in file order. */
  resolve(replacements: Omit<Directives, 'toolModules'>, tools: readonly string[], bad: (line: number, message: string) => void): Dependency[] {
    const unfetchable = (line: number, version: string) => bad(line, `"${clip(version)}" is not a version a module can be fetched at`);
    if (replacements.exact.size === 0 && replacements.anyVersion.size === 0 && tools.length === 0) {
      for (const { requirement, version } of this.unfetchable) unfetchable(requirement.line, version);
      return this.read;
    }
    const requirements = this.inFileOrder();
    const directives: Directives = { ...replacements, toolModules: toolModulesOf(requirements, tools) };
    const dependencies: Dependency[] = [];
    for (const requirement of requirements) {
      const resolution = resolveRequirement(this.manifest, requirement, directives);
      if (resolution === 'local') continue;
      if ('unfetchable' in resolution) unfetchable(requirement.line, resolution.unfetchable);
      else dependencies.push(resolution);
    }
    return dependencies;
  }

  /** Every requirement as written, from the dependencies read as they came and those that had none. */
  private inFileOrder(): Requirement[] {
    const requirements: Requirement[] = [];
    let next = 0;
    const upTo = (end: number) => {
      for (; next < end; next++) {
        const dependency = this.read[next] as Dependency;
        requirements.push({ path: dependency.name, version: dependency.version as string, line: dependency.line as number, indirect: !dependency.direct });
      }
    };
    for (const { before, requirement } of this.unfetchable) {
      upTo(before);
      requirements.push(requirement);
    }
    upTo(this.read.length);
    return requirements;
  }
}

function extractGoMod(file: SourceFile): FileResult {
  const notText = notTextProblem(file);
  if (notText) return { problem: { ...notText, message: `invalid go.mod: ${notText.message}` } };
  const problems = new ProblemList();
  const requires = new Requires(file.path);
  const tools: string[] = [];
  // Replacements by module path: `exact` for `old vX => ...` (that version only), `anyVersion` otherwise.
  const exact = new Map<string, Replacement>();
  const anyVersion = new Map<string, Replacement>();
  // One malformed directive is reported at its line; the others are still read.
  const bad = (line: number, message: string) => problems.add({ path: file.path, line, message: `invalid go.mod: ${message}`, kind: 'invalid-entry' });
  let hasModule = false;
  let firstLine: number | undefined;
  let firstUnknown: GoModEntry | undefined;
  const error = parseGoMod(file.content, (entry) => {
    firstLine ??= entry.line;
    if (!DIRECTIVES.has(entry.verb)) {
      firstUnknown ??= entry;
      bad(entry.line, `unknown directive "${clip(entry.verb)}"`);
      return;
    }
    switch (entry.verb) {
      case 'module':
        hasModule = true;
        break;
      case 'require':
        if (entry.args.length !== 2) bad(entry.line, `require needs a module path and a version, got "${clip(entry.args.join(' '))}"`);
        else if (!isGoVersion(entry.args[1] as string)) bad(entry.line, `"${clip(entry.args[1] as string)}" is not a module version (vX.Y.Z)`);
        else requires.add(entry.args[0] as string, entry.args[1] as string, entry.line, entry.indirect);
        break;
      case 'replace':
        readReplace(entry, exact, anyVersion, (message) => bad(entry.line, message));
        break;
      case 'tool':
        if (entry.args.length !== 1) bad(entry.line, `tool needs one package path, got "${clip(entry.args.join(' '))}"`);
        else tools.push(entry.args[0] as string);
        break;
      default:
        // go, toolchain, godebug, exclude (ignored by the go command outside the main module's
        // own selection), retract (about this module's own versions), ignore.
        break;
    }
  });
  if (error) return { problem: { path: file.path, ...error, message: `invalid go.mod: ${error.message}` } };
  // The go command refuses a go.mod without one ("missing module declaration"); a file of
  // something else named go.mod must not read as a module without requirements.
  if (!hasModule) {
    const why = firstUnknown ? `unknown directive "${clip(firstUnknown.verb)}", and no module directive` : 'no module directive (module example.com/name)';
    return { problem: { path: file.path, line: firstUnknown?.line ?? firstLine ?? 1, message: `invalid go.mod: ${why}` } };
  }
  const dependencies = requires.resolve({ exact, anyVersion }, tools, bad);
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

function resolveRequirement(manifest: string, { path, version, line, indirect }: Requirement, directives: Directives): Resolution {
  const replacement = replacementOf(path, version, directives);
  // A directory replacement is a local module, part of this source tree: not a dependency.
  if (replacement && replacement.version === undefined) return 'local';
  const name = ownString(replacement?.path ?? path);
  const resolved = replacement?.version ?? version;
  // `go get -tool` writes the tool's module as `// indirect` when no code imports it: it is
  // then needed only to build the tool, a development dependency the go.mod names on purpose.
  // A tool module that code also imports is not marked indirect and stays runtime.
  const toolOnly = indirect && directives.toolModules.has(path);
  const purl = goPurl(name, resolved);
  if (purl === undefined) return { unfetchable: resolved };
  return goDependency(manifest, name, resolved, purl, line, !indirect || toolOnly, toolOnly ? 'development' : 'runtime');
}

/**
 * The module that provides a tool package is the required module with the longest path prefix:
 * each prefix is looked up, longest first (a few per tool, whatever the file's size).
 */
function toolModulesOf(requires: readonly Requirement[], tools: readonly string[]): Set<string> {
  const toolModules = new Set<string>();
  if (tools.length === 0) return toolModules;
  const required = new Set(requires.map((entry) => entry.path));
  for (const tool of tools) {
    for (let prefix = tool; prefix !== ''; prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('/')))) {
      if (required.has(prefix)) {
        toolModules.add(prefix);
        break;
      }
    }
  }
  return toolModules;
}

/** One literal per shape (no spread): V8 then keeps every field inside the object, the smallest it can be. */
function goDependency(manifest: string, name: string, version: string, purl: string, line: number, direct: boolean, scope: Scope): Dependency {
  return direct
    ? { ecosystem: 'go', name, version, purl, manifest, line, declaredAt: { path: manifest, line }, scope, direct }
    : { ecosystem: 'go', name, version, purl, manifest, line, scope, direct };
}

/** The replacement of `path` at `version`; no map lookup (nor key) at all in a go.mod without replace directives. */
function replacementOf(path: string, version: string, { exact, anyVersion }: Directives): Replacement | undefined {
  if (exact.size > 0) {
    const forVersion = exact.get(`${path}@${version}`);
    if (forVersion) return forVersion;
  }
  return anyVersion.size > 0 ? anyVersion.get(path) : undefined;
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
