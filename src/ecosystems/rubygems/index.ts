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
  purlType: 'gem',
  depsDevSystem: 'RUBYGEMS',
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
  const seen = new Set<string>();
  for (const spec of parsed.lock.specs) {
    // PATH specs are gems in this repository (or beside it), not dependencies.
    if (spec.source.kind === 'PATH') continue;
    // One entry per version: the same version built for several platforms is one package.
    const key = `${spec.name}@${spec.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const direct = parsed.lock.dependencies.has(spec.name);
    const declaredLine = direct ? declaredLines.get(spec.name) : undefined;
    const declaredAt: Location | undefined = gemfile && declaredLine !== undefined ? { path: gemfile.path, line: declaredLine } : undefined;
    // A gem from another GEM remote (a private server such as https://packager.dev/avo-hq/) or a
    // GIT source is still a gem; the identity has no qualifier to say where it came from.
    const dependency: Dependency = {
      ecosystem: 'rubygems',
      name: spec.name,
      version: spec.version,
      purl: makePurl('gem', undefined, spec.name, spec.version),
      manifest: lockfile.path,
      line: spec.line,
      ...(declaredAt ? { declaredAt } : {}),
      scope: 'unknown',
      direct,
    };
    extraction.dependencies.push(dependency);
  }
  extraction.manifests.push({ path: lockfile.path, packages: extraction.dependencies.length });
  return extraction;
}
