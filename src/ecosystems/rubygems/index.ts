import { ownString } from '../../deps/order.js';
import { makePurl } from '../../deps/purl.js';
import { baseName, isInVendoredTree } from '../paths.js';
import { notTextProblem, quote } from '../problems.js';
import { stripBom } from '../text.js';
import type { Dependency, Ecosystem, Extraction, Location, SourceFile } from '../types.js';
import { compareGemVersions, parseGemfileLock } from './lockfile.js';

const LOCKFILES = ['Gemfile.lock', 'gems.locked'];
const GEMFILES = ['Gemfile', 'gems.rb'];

/**
 * RubyGems through Bundler: Gemfile.lock (or gems.locked). The Gemfile is Ruby code, which we
 * never execute: it is read only as text, to point a direct dependency at its `gem "name"` line.
 * Bundler groups (:development, :test) live in that code, so every gem's scope is `unknown`.
 */
export const rubygems: Ecosystem = {
  id: 'rubygems',
  owns: (path) => [...LOCKFILES, ...GEMFILES].includes(baseName(path)) && !isInVendoredTree(path, ['vendor', 'node_modules']),
  extract: extractBundlerProject,
  compareVersions: compareGemVersions,
};

/** Line of each `gem "name"` call in a Gemfile, found as text (first occurrence wins). */
function gemfileLines(file: SourceFile): Map<string, number> {
  const lines = new Map<string, number>();
  stripBom(file.content).split('\n').forEach((text, index) => {
    const match = /^\s*gem[\s(]+["']([^"']+)["']/.exec(text);
    if (match?.[1] && !lines.has(match[1])) lines.set(match[1], index + 1);
  });
  return lines;
}

/**
 * Which name@version pairs were seen. Most gems have one version: a map entry per name, with no
 * key built; a name's further versions, and names or versions holding `@` (where `name@version`
 * alone tells them apart), are keyed by `name@version`.
 */
class SeenVersions {
  private readonly firstVersion = new Map<string, string>();
  private readonly joined = new Set<string>();

  /** True the first time `name` is seen at `version`. */
  add(name: string, version: string): boolean {
    if (!name.includes('@') && !version.includes('@')) {
      const first = this.firstVersion.get(name);
      if (first === undefined) {
        this.firstVersion.set(name, version);
        return true;
      }
      if (first === version) return false;
    }
    const key = `${name}@${version}`;
    if (this.joined.has(key)) return false;
    this.joined.add(key);
    return true;
  }
}

/**
 * A gem from another GEM remote (a private server such as https://packager.dev/avo-hq/) or a GIT
 * source is still a gem; the identity has no qualifier to say where it came from. One literal
 * per shape (no spread): V8 then keeps every field inside the object, the smallest it can be.
 */
function gemDependency(manifest: string, name: string, version: string, line: number, declaredAt: Location | undefined, direct: boolean): Dependency {
  const purl = makePurl('gem', undefined, name, version);
  return declaredAt
    ? { ecosystem: 'rubygems', name, version, purl, manifest, line, declaredAt, scope: 'unknown', direct }
    : { ecosystem: 'rubygems', name, version, purl, manifest, line, scope: 'unknown', direct };
}

function extractBundlerProject(files: readonly SourceFile[]): Extraction {
  const extraction: Extraction = { dependencies: [], manifests: [], problems: [] };
  // Bundler prefers gems.rb/gems.locked when both pairs exist.
  const lockfile = files.find((file) => baseName(file.path) === 'gems.locked') ?? files.find((file) => baseName(file.path) === 'Gemfile.lock');
  // No lockfile: the Gemfile alone is Ruby code we do not evaluate, so there is nothing to report.
  if (!lockfile) return extraction;
  const gemfile = files.find((file) => baseName(file.path) === (baseName(lockfile.path) === 'gems.locked' ? 'gems.rb' : 'Gemfile'));
  const declaredLines = gemfile ? gemfileLines(gemfile) : new Map<string, number>();

  const notText = notTextProblem(lockfile);
  const parsed = notText ? { ok: false as const, error: notText } : parseGemfileLock(lockfile.content);
  if (!parsed.ok) {
    extraction.problems.push({ path: lockfile.path, ...parsed.error, message: `invalid Gemfile.lock: ${parsed.error.message}` });
    return extraction;
  }
  for (const unknown of parsed.lock.unknownSources) {
    extraction.problems.push({
      path: lockfile.path,
      line: unknown.line,
      message: `invalid Gemfile.lock: section ${quote(unknown.name)} lists specs but is not a source Bundler writes (GEM, GIT, PATH, PLUGIN SOURCE); its gems were not read`,
      kind: 'invalid-entry',
    });
  }
  const seen = new SeenVersions();
  for (const spec of parsed.lock.specs) {
    // PATH specs are gems in this repository (or beside it), not dependencies.
    if (spec.source.kind === 'PATH') continue;
    // One entry per version: the same version built for several platforms is one package.
    if (!seen.add(spec.name, spec.version)) continue;
    const direct = parsed.lock.dependencies.has(spec.name);
    const declaredLine = direct ? declaredLines.get(spec.name) : undefined;
    const declaredAt: Location | undefined = gemfile && declaredLine !== undefined ? { path: gemfile.path, line: declaredLine } : undefined;
    extraction.dependencies.push(gemDependency(lockfile.path, ownString(spec.name), spec.version, spec.line, declaredAt, direct));
  }
  extraction.manifests.push({ path: lockfile.path, packages: extraction.dependencies.length });
  return extraction;
}
