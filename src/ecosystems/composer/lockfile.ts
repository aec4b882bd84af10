/**
 * composer.lock: `packages` (require) and `packages-dev` (require-dev), each an array of package
 * objects with `name`, `version` exactly as installed (`v5.4.1`, `1.3.1`, `dev-main`) and a
 * `license` array.
 *
 * Each package object is checked against PACKAGE on its own: an entry that is null, a list, a
 * string or a number, or whose name or version is not a string, is an `invalid-entry` problem at
 * its line, and the other packages are still read.
 */
import { jsonKeyLines, parseJson } from '../formats/json-lines.js';
import { lazyShape } from '../shape.js';
import { ProblemList, quote } from '../problems.js';
import { purlOf } from '../../deps/purl.js';
import { kindOf } from '../shape.js';
import { stripBom } from '../text.js';
import type { Dependency, ExtractionProblem, Location, Scope, SourceFile } from '../types.js';
import { arrayItemLines } from './lines.js';
import { hexHash } from '../hashes.js';

interface LockPackage {
  name: string;
  version?: string;
  license?: string | string[];
  /** `shasum`: the sha1 of the dist archive, often empty (GitHub zipballs); unchecked: a malformed one is only not recorded. */
  dist?: { type?: string; shasum?: unknown };
}

const PACKAGE = lazyShape<LockPackage>({
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    license: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    dist: { type: 'object', properties: { type: { type: 'string' } } },
  },
});

const SECTIONS = [
  ['packages', 'runtime'],
  ['packages-dev', 'development'],
] as const;

export type LockResult = { dependencies: Dependency[]; problems: ExtractionProblem[] } | { problem: ExtractionProblem };

/**
 * Splits `vendor/name` into purl namespace and name (composer packages always have a vendor);
 * undefined when the name can't be one (`vendor/` with nothing after the slash).
 */
export function composerPurl(fullName: string, version?: string): string | undefined {
  const slash = fullName.indexOf('/');
  return slash === -1 ? purlOf('composer', undefined, fullName, version) : purlOf('composer', fullName.slice(0, slash), fullName.slice(slash + 1), version);
}

/**
 * Composer documents a license array as a disjunction ("the package is available under any of
 * these licenses, the user picks one"), so `["LGPL-2.1-only", "GPL-3.0-or-later"]` becomes
 * `LGPL-2.1-only OR GPL-3.0-or-later`; a compound item is parenthesised to keep that meaning.
 */
export function composerLicense(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (!Array.isArray(value)) return undefined;
  const items = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return items.map((item) => (/\s/.test(item) && !/^\(.*\)$/.test(item) ? `(${item})` : item)).join(' OR ');
}

export function extractComposerLock(file: SourceFile, declared: ReadonlyMap<string, Location>): LockResult {
  const content = stripBom(file.content);
  const parsed = parseJson<unknown>(content);
  if (!parsed.ok) return { problem: { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column } };
  const lock = parsed.value;
  if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) {
    return { problem: { path: file.path, line: 1, message: `not a composer.lock: the top level is ${kindOf(lock)}, expected a JSON object` } };
  }
  const sections = lock as Record<string, unknown>;
  if (!Array.isArray(sections.packages) && !Array.isArray(sections['packages-dev'])) {
    return { problem: { path: file.path, line: 1, message: 'not a composer.lock: no "packages" or "packages-dev" array' } };
  }
  const problems = new ProblemList();
  const dependencies: Dependency[] = [];
  for (const [section, scope] of SECTIONS) {
    const entries = sections[section];
    if (entries === undefined) continue;
    const lines = arrayItemLines(content, section);
    if (!Array.isArray(entries)) {
      problems.add({ path: file.path, line: jsonKeyLines(content, 'any').get(section), message: `"${section}" is ${kindOf(entries)}, expected a list of packages`, kind: 'invalid-entry' });
      continue;
    }
    // Lines only when the scan found exactly one per entry (a minified file has none).
    const itemLines = lines.items.length === entries.length ? lines.items : [];
    entries.forEach((entry: unknown, index) => {
      const line = itemLines[index];
      const wrong = PACKAGE.problem(entry);
      if (wrong !== undefined) {
        const named = typeof (entry as { name?: unknown } | null)?.name === 'string' ? ` ${quote((entry as { name: string }).name)}` : '';
        problems.add({ path: file.path, line, message: `package${named} (entry ${index + 1} of "${section}"): ${wrong}`, kind: 'invalid-entry' });
        return;
      }
      const valid = entry as LockPackage;
      // A path repository package is a directory of this repository (a monorepo sibling), not a dependency.
      if (valid.dist?.type === 'path') return;
      const dependency = lockDependency(file.path, valid, scope, line, declared);
      if (dependency) dependencies.push(dependency);
      else problems.add({ path: file.path, line, message: `package name ${quote(valid.name)} is not vendor/name`, kind: 'invalid-entry' });
    });
  }
  return { dependencies, problems: problems.list() };
}

function lockDependency(path: string, entry: LockPackage, scope: Scope, line: number | undefined, declared: ReadonlyMap<string, Location>): Dependency | undefined {
  const { name, version } = entry;
  const purl = composerPurl(name, version);
  if (purl === undefined) return undefined;
  const declaration = declared.get(name.toLowerCase());
  const license = composerLicense(entry.license);
  const shasum = typeof entry.dist?.shasum === 'string' ? hexHash('sha1', entry.dist.shasum) : undefined;
  return {
    ecosystem: 'composer',
    name,
    ...(version !== undefined ? { version } : { unresolved: 'the lockfile records no version' }),
    purl,
    manifest: path,
    ...(line !== undefined ? { line } : {}),
    ...(declaration?.line !== undefined ? { declaredAt: declaration } : {}),
    scope,
    direct: declaration !== undefined,
    ...(license !== undefined ? { license } : {}),
    ...(shasum !== undefined ? { hashes: [shasum] } : {}),
  };
}
