/**
 * composer.lock: `packages` (require) and `packages-dev` (require-dev), each an array of package
 * objects with `name`, `version` exactly as installed (`v5.4.1`, `1.3.1`, `dev-main`) and a
 * `license` array.
 */
import { jsonKeyLines, parseJson } from '../../deps/json-lines.js';
import { LineCounter } from '../../deps/lines.js';
import { makePurl } from '../../deps/purl.js';
import type { Dependency, ExtractionProblem, Location, Scope, SourceFile } from '../types.js';

interface LockPackage {
  name?: unknown;
  version?: unknown;
  license?: unknown;
  dist?: { type?: unknown };
}

const SECTIONS = [
  ['packages', 'runtime'],
  ['packages-dev', 'development'],
] as const;

export type LockResult = { dependencies: Dependency[] } | { problem: ExtractionProblem };

/** Splits `vendor/name` into purl namespace and name (composer packages always have a vendor). */
export function composerPurl(fullName: string, version?: string): string {
  const slash = fullName.indexOf('/');
  return slash === -1 ? makePurl('composer', undefined, fullName, version) : makePurl('composer', fullName.slice(0, slash), fullName.slice(slash + 1), version);
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

/**
 * Lines of each package's `"name": "vendor/pkg"` key inside the `packages` / `packages-dev`
 * arrays: composer pretty-prints its lockfile, so the package objects' own keys are the
 * least-indented `"name"` lines between the array's key and the next top-level key.
 */
function packageNameLines(content: string): Map<string, Map<string, number>> {
  const topLevel = [...jsonKeyLines(content, 'any')].filter(([key]) => !key.includes('\u0000')).sort((a, b) => a[1] - b[1]);
  const result = new Map<string, Map<string, number>>();
  const nameLines: { line: number; indent: number; name: string }[] = [];
  const counter = new LineCounter(content);
  for (const match of content.matchAll(/^([ \t]*)"name"[ \t]*:[ \t]*"((?:[^"\\\n]|\\.)*)"/gm)) {
    let name = match[2] ?? '';
    try {
      name = JSON.parse(`"${name}"`) as string;
    } catch {
      // keep the raw text; the line is still right
    }
    nameLines.push({ line: counter.lineOf(match.index ?? 0), indent: (match[1] ?? '').length, name });
  }
  for (const [section] of SECTIONS) {
    const at = topLevel.findIndex(([key]) => key === section);
    if (at === -1) continue;
    const start = topLevel[at]?.[1] ?? 0;
    const end = topLevel[at + 1]?.[1] ?? Number.POSITIVE_INFINITY;
    const inside = nameLines.filter((entry) => entry.line > start && entry.line < end);
    const indent = Math.min(...inside.map((entry) => entry.indent));
    const lines = new Map<string, number>();
    for (const entry of inside) {
      if (entry.indent === indent && !lines.has(entry.name.toLowerCase())) lines.set(entry.name.toLowerCase(), entry.line);
    }
    result.set(section, lines);
  }
  return result;
}

export function extractComposerLock(file: SourceFile, declared: ReadonlyMap<string, Location>): LockResult {
  const parsed = parseJson<Record<string, unknown>>(file.content);
  if (!parsed.ok) return { problem: { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column } };
  const lock = parsed.value;
  if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) {
    return { problem: { path: file.path, line: 1, message: 'not a composer.lock: the top level is not a JSON object' } };
  }
  if (!Array.isArray(lock.packages) && !Array.isArray(lock['packages-dev'])) {
    return { problem: { path: file.path, line: 1, message: 'not a composer.lock: no "packages" or "packages-dev" array' } };
  }
  const lines = packageNameLines(file.content);
  const dependencies: Dependency[] = [];
  for (const [section, scope] of SECTIONS) {
    const entries = lock[section];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) return { problem: { path: file.path, message: `"${section}" is not an array` } };
    for (const entry of entries as LockPackage[]) {
      if (typeof entry !== 'object' || entry === null || typeof entry.name !== 'string') continue;
      // A path repository package is a directory of this repository (a monorepo sibling), not a dependency.
      if (entry.dist?.type === 'path') continue;
      dependencies.push(lockDependency(file.path, entry.name, entry, scope, lines.get(section)?.get(entry.name.toLowerCase()), declared));
    }
  }
  return { dependencies };
}

function lockDependency(
  path: string,
  name: string,
  entry: LockPackage,
  scope: Scope,
  line: number | undefined,
  declared: ReadonlyMap<string, Location>,
): Dependency {
  const version = typeof entry.version === 'string' && entry.version !== '' ? entry.version : undefined;
  const declaration = declared.get(name.toLowerCase());
  const license = composerLicense(entry.license);
  return {
    ecosystem: 'composer',
    name,
    ...(version !== undefined ? { version } : { unresolved: 'the lockfile records no version' }),
    purl: composerPurl(name, version),
    manifest: path,
    ...(line !== undefined ? { line } : {}),
    ...(declaration?.line !== undefined ? { declaredAt: declaration } : {}),
    scope,
    direct: declaration !== undefined,
    ...(license !== undefined ? { license } : {}),
  };
}
