/**
 * Cargo.lock, every format Cargo has written: v1 (no `version`, `dependencies` entries always
 * `"name version (source)"`, checksums in `[metadata]`), v2 (no `version` key, entries shortened
 * to `"name"` or `"name version"` when that is unambiguous), v3 and v4 (`version = 3|4` at the top).
 */
import { readTomlLockfile, type TomlKeep } from '../formats/toml-lockfile.js';
import { lazyShape } from '../shape.js';
import { ProblemList, quote } from '../problems.js';
import { kindOf } from '../shape.js';
import { stripBom } from '../text.js';
import type { PackageHash } from '../../deps/model.js';
import { hexHash } from '../hashes.js';
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
  /** `checksum` (v1: its `[metadata]` line): the sha256 of the .crate file; undefined when none or malformed. */
  hashes?: PackageHash[];
}

export interface CargoLock {
  version?: number;
  packages: LockPackage[];
}

interface RawPackage {
  name: string;
  version: string;
  source?: string;
  dependencies?: string[];
  checksum?: unknown;
}

/** One `[[package]]` table: only what is read is checked (`checksum` is not: a malformed one is only not recorded). */
const PACKAGE = lazyShape<RawPackage>({
  type: 'object',
  required: ['name', 'version'],
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    source: { type: 'string' },
    dependencies: { type: 'array', items: { type: 'string' } },
  },
});

/** What is read of a Cargo.lock: v1 keeps its checksums in [metadata], one key per package. */
const KEEP: TomlKeep = { version: true, metadata: true, package: { name: true, version: true, source: true, dependencies: true, checksum: true } };

export interface CargoLockReading {
  lock: CargoLock;
  /** Malformed `[[package]]` entries and dependency references, each at its package's line. */
  problems: ExtractionProblem[];
}

export function parseCargoLock(path: string, text: string): CargoLockReading | { problem: ExtractionProblem } {
  const read = readTomlLockfile(stripBom(text), KEEP);
  if (!read.ok) {
    const { kind, message, line, column } = read.error;
    return { problem: kind === 'syntax' ? { path, line, column, message: `invalid TOML: ${message}` } : { path, message: `invalid TOML: ${message}` } };
  }
  const data = read.lockfile.root;
  const rawPackages = data.package ?? [];
  if (!Array.isArray(rawPackages)) return { problem: { path, message: `not a Cargo.lock: "package" is ${kindOf(rawPackages)}, expected an array of tables ([[package]])` } };
  if (rawPackages.length === 0 && data.version === undefined && data.metadata === undefined) {
    return { problem: { path, line: 1, message: 'not a Cargo.lock: no [[package]] entries' } };
  }
  const headers = read.lockfile.arrayTableLines('package');
  const lineOf = (index: number) => (headers.length === rawPackages.length ? headers[index] : undefined);
  const problems = new ProblemList();
  const packages: LockPackage[] = [];
  // Each valid entry with the position of its table, for its dependency references below.
  const valid: { raw: RawPackage; pkg: LockPackage }[] = [];
  rawPackages.forEach((raw: unknown, position) => {
    const line = lineOf(position);
    const wrong = PACKAGE.problem(raw);
    if (wrong !== undefined) {
      const name = typeof (raw as { name?: unknown } | null)?.name === 'string' ? ` ${quote((raw as { name: string }).name)}` : '';
      problems.add({ path, line, message: `[[package]]${name}: ${wrong}`, kind: 'invalid-entry' });
      return;
    }
    const entry = raw as RawPackage;
    const hashes = checksumOf(entry, data.metadata);
    const pkg: LockPackage = {
      index: packages.length,
      name: entry.name,
      version: entry.version,
      ...(entry.source !== undefined ? { source: entry.source } : {}),
      ...(line !== undefined ? { line } : {}),
      dependencies: [],
      ...(hashes ? { hashes } : {}),
    };
    packages.push(pkg);
    valid.push({ raw: entry, pkg });
  });
  const index = referenceIndex(packages);
  for (const { raw, pkg } of valid) {
    for (const ref of raw.dependencies ?? []) {
      const target = resolveReference(ref, index);
      if (target === undefined) {
        problems.add({ path, line: pkg.line, message: `dependency ${quote(ref)} of ${quote(pkg.name)} matches no [[package]] entry`, kind: 'invalid-entry' });
        continue;
      }
      pkg.dependencies.push(target.index);
    }
  }
  return { lock: { ...(typeof data.version === 'number' ? { version: data.version } : {}), packages }, problems: problems.list() };
}

/** The package's sha256: its own `checksum` (v2+), else v1's `"checksum <name> <version> (<source>)"` key of [metadata]. */
function checksumOf(entry: RawPackage, metadata: unknown): PackageHash[] | undefined {
  let checksum = entry.checksum;
  if (checksum === undefined && entry.source !== undefined && typeof metadata === 'object' && metadata !== null) {
    const key = `checksum ${entry.name} ${entry.version} (${entry.source})`;
    checksum = Object.hasOwn(metadata, key) ? (metadata as Record<string, unknown>)[key] : undefined;
  }
  const hash = typeof checksum === 'string' ? hexHash('sha256', checksum) : undefined;
  return hash ? [hash] : undefined;
}

interface ReferenceIndex {
  byName: Map<string, LockPackage[]>;
  byNameVersion: Map<string, LockPackage[]>;
}

function referenceIndex(packages: readonly LockPackage[]): ReferenceIndex {
  const byName = new Map<string, LockPackage[]>();
  const byNameVersion = new Map<string, LockPackage[]>();
  const add = (map: Map<string, LockPackage[]>, key: string, pkg: LockPackage) => {
    const list = map.get(key);
    if (list) list.push(pkg);
    else map.set(key, [pkg]);
  };
  for (const pkg of packages) {
    add(byName, pkg.name, pkg);
    add(byNameVersion, `${pkg.name} ${pkg.version}`, pkg);
  }
  return { byName, byNameVersion };
}

const NAME_ONLY = /^\S+$/;
/** What the full form below reads as name and version, no source; its key in byNameVersion is the text itself. */
const NAME_VERSION = /^\S+ \S+$/;

/** `"name"`, `"name version"` or `"name version (source)"` -> the package it names. */
function resolveReference(ref: string, index: ReferenceIndex): LockPackage | undefined {
  const trimmed = ref.trim();
  // The common forms without the match below (and its strings): thousands of references per lock.
  if (NAME_ONLY.test(trimmed)) return index.byName.get(trimmed)?.[0];
  if (NAME_VERSION.test(trimmed)) return index.byNameVersion.get(trimmed)?.[0];
  const match = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(trimmed);
  if (!match) return undefined;
  const [, name, version, source] = match as unknown as [string, string, string | undefined, string | undefined];
  // By name and version when the reference has one: many versions of one crate stay cheap.
  const candidates = (version === undefined ? index.byName.get(name) : index.byNameVersion.get(`${name} ${version}`)) ?? [];
  return candidates.find((pkg) => source === undefined || pkg.source === source || sameGitSource(pkg.source, source));
}

/** v1 lockfiles name a git source without its `#commit` fragment in references. */
function sameGitSource(recorded: string | undefined, referenced: string): boolean {
  return recorded !== undefined && recorded.split('#')[0] === referenced.split('#')[0];
}
