/**
 * Cargo.lock, every format Cargo has written: v1 (no `version`, `dependencies` entries always
 * `"name version (source)"`, checksums in `[metadata]`), v2 (no `version` key, entries shortened
 * to `"name"` or `"name version"` when that is unambiguous), v3 and v4 (`version = 3|4` at the top).
 */
import { parse, TomlError } from 'smol-toml';
import type { ExtractionProblem } from '../types.js';

export interface LockPackage {
  index: number;
  name: string;
  version: string;
  /** `registry+https://github.com/rust-lang/crates.io-index`, `git+https://...#sha`...; absent for workspace members and path crates. */
  source?: string;
  /** Line of the package's `[[package]]` header. */
  line?: number;
  /** Indexes of the packages this one depends on (normal, build and, for members, dev). */
  dependencies: number[];
}

export interface CargoLock {
  version?: number;
  packages: LockPackage[];
}

interface RawPackage {
  name?: unknown;
  version?: unknown;
  source?: unknown;
  dependencies?: unknown;
}

/** Lines of the `[[package]]` headers, in order: the n-th header is the n-th package. */
function packageHeaderLines(content: string): number[] {
  const lines: number[] = [];
  content.split('\n').forEach((text, index) => {
    if (/^\s*\[\[\s*package\s*\]\]\s*(#.*)?$/.test(text)) lines.push(index + 1);
  });
  return lines;
}

export function parseCargoLock(path: string, content: string): { lock: CargoLock } | { problem: ExtractionProblem } {
  let data: Record<string, unknown>;
  try {
    data = parse(content) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      return { problem: { path, line: error.line, column: error.column, message: `invalid TOML: ${error.message.split('\n')[0]}` } };
    }
    return { problem: { path, message: `invalid TOML: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const rawPackages = data.package ?? [];
  if (!Array.isArray(rawPackages)) return { problem: { path, message: 'not a Cargo.lock: "package" is not an array of tables' } };
  if (rawPackages.length === 0 && data.version === undefined && data.metadata === undefined) {
    return { problem: { path, line: 1, message: 'not a Cargo.lock: no [[package]] entries' } };
  }
  const headers = packageHeaderLines(content);
  const lineOf = (index: number) => (headers.length === rawPackages.length ? headers[index] : undefined);
  const packages: LockPackage[] = [];
  for (const [index, raw] of (rawPackages as RawPackage[]).entries()) {
    if (typeof raw?.name !== 'string' || typeof raw.version !== 'string') {
      return { problem: { path, line: lineOf(index), message: 'a [[package]] entry without a string name and version' } };
    }
    packages.push({
      index,
      name: raw.name,
      version: raw.version,
      ...(typeof raw.source === 'string' ? { source: raw.source } : {}),
      ...(lineOf(index) !== undefined ? { line: lineOf(index) } : {}),
      dependencies: [],
    });
  }
  const byName = new Map<string, LockPackage[]>();
  for (const pkg of packages) {
    const list = byName.get(pkg.name);
    if (list) list.push(pkg);
    else byName.set(pkg.name, [pkg]);
  }
  for (const [index, raw] of (rawPackages as RawPackage[]).entries()) {
    const refs = Array.isArray(raw.dependencies) ? raw.dependencies : [];
    for (const ref of refs) {
      const target = typeof ref === 'string' ? resolveReference(ref, byName) : undefined;
      if (target === undefined) {
        return { problem: { path, line: lineOf(index), message: `dependency ${JSON.stringify(ref)} of ${raw.name as string} matches no [[package]] entry` } };
      }
      packages[index]?.dependencies.push(target.index);
    }
  }
  return { lock: { ...(typeof data.version === 'number' ? { version: data.version } : {}), packages } };
}

/** `"name"`, `"name version"` or `"name version (source)"` -> the package it names. */
function resolveReference(ref: string, byName: ReadonlyMap<string, LockPackage[]>): LockPackage | undefined {
  const match = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(ref.trim());
  if (!match) return undefined;
  const [, name, version, source] = match;
  const candidates = (byName.get(name as string) ?? []).filter(
    (pkg) => (version === undefined || pkg.version === version) && (source === undefined || pkg.source === source || sameGitSource(pkg.source, source)),
  );
  return candidates[0];
}

/** v1 lockfiles name a git source without its `#commit` fragment in references. */
function sameGitSource(recorded: string | undefined, referenced: string): boolean {
  return recorded !== undefined && recorded.split('#')[0] === referenced.split('#')[0];
}
