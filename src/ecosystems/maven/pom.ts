/**
 * Direct dependencies of one Maven pom.xml.
 *
 * What counts: `<dependencies>` of the project and of its profiles (a profile can be active by
 * default or in CI; we can't tell, so its dependencies count). Not dependencies: entries of
 * `<dependencyManagement>` (they only pin versions, used below to fill in versions a `<dependency>`
 * omits), `import`-scoped BOMs, and build plugins with their own `<dependencies>` (build tools,
 * not part of what the project ships; npm devDependencies would be the analogue, but Maven keeps
 * them in a separate model and the brief keeps them out).
 *
 * Versions: `${property}` references are resolved from this pom's `<properties>` and the built-in
 * `project.*` / `project.parent.*` coordinates, recursively. A parent pom (spring-boot-starter-parent)
 * or an imported BOM is not read (it is another artifact, usually not in the repository), so a
 * version it would supply stays undefined with a `requirement` saying so: we never guess.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { makePurl } from '../../deps/purl.js';
import type { Dependency, ExtractionProblem, Scope, SourceFile } from '../types.js';
import { elementLines } from './element-lines.js';

interface RawDependency {
  groupId?: unknown;
  artifactId?: unknown;
  version?: unknown;
  scope?: unknown;
  type?: unknown;
  classifier?: unknown;
}

interface RawDependencies {
  dependency?: (RawDependency | string)[];
}

interface RawProject {
  groupId?: unknown;
  artifactId?: unknown;
  version?: unknown;
  parent?: { groupId?: unknown; artifactId?: unknown; version?: unknown };
  properties?: Record<string, unknown>;
  dependencies?: RawDependencies;
  dependencyManagement?: { dependencies?: RawDependencies };
  profiles?: { profile?: { dependencies?: RawDependencies }[] };
}

const PROJECT_DEPS = 'project/dependencies/dependency';
const PROFILE_DEPS = 'project/profiles/profile/dependencies/dependency';
const ARRAY_PATHS = new Set([
  'project.dependencies.dependency',
  'project.dependencyManagement.dependencies.dependency',
  'project.profiles.profile',
  'project.profiles.profile.dependencies.dependency',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  // Versions stay text: `1.10` must not become the number 1.1.
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  isArray: (_name, jpath) => ARRAY_PATHS.has(String(jpath)),
});

export type PomResult = { dependencies: Dependency[] } | { problem: ExtractionProblem };

export function extractPom(file: SourceFile): PomResult {
  const valid = XMLValidator.validate(file.content);
  if (valid !== true) {
    return { problem: { path: file.path, line: valid.err.line, column: valid.err.col, message: `invalid XML: ${valid.err.msg}` } };
  }
  let document: { project?: unknown };
  try {
    document = parser.parse(file.content) as { project?: unknown };
  } catch (error) {
    return { problem: { path: file.path, message: `invalid XML: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const project = document.project;
  if (typeof project !== 'object' || project === null) {
    return { problem: { path: file.path, line: 1, message: 'not a Maven POM: no <project> root element' } };
  }
  return { dependencies: fromProject(file, project as RawProject) };
}

function fromProject(file: SourceFile, project: RawProject): Dependency[] {
  const resolve = propertyResolver(project);
  const managed = new Map<string, Coordinates>();
  let importsBom = false;
  for (const entry of entries(project.dependencyManagement?.dependencies)) {
    const raw = coordinates(entry, resolve);
    if (raw.scope === 'import') {
      importsBom = true;
      continue;
    }
    managed.set(managementKey(raw), raw);
  }
  const source = managedBy(project.parent !== undefined, importsBom);

  const lines = elementLines(file.content, new Set([PROJECT_DEPS, PROFILE_DEPS]));
  const declared: { entry: RawDependency; line?: number }[] = [];
  entries(project.dependencies).forEach((entry, i) => declared.push({ entry, line: lines.get(PROJECT_DEPS)?.[i] }));
  const profileDeps = (project.profiles?.profile ?? []).flatMap((profile) => entries(profile?.dependencies));
  profileDeps.forEach((entry, i) => declared.push({ entry, line: lines.get(PROFILE_DEPS)?.[i] }));

  const dependencies: Dependency[] = [];
  for (const { entry, line } of declared) {
    const raw = coordinates(entry, resolve);
    if (!raw.groupId || !raw.artifactId) continue; // Maven itself rejects such an entry
    const fromManagement = managed.get(managementKey(raw));
    // The entry's own version wins; without one, dependencyManagement's; without that, the parent
    // or a BOM supplies it and we say so.
    const own = raw.version !== undefined || raw.rawVersion !== undefined;
    const versioned = own ? raw : fromManagement;
    const written = versioned?.version;
    const version = written !== undefined && isExactVersion(written) ? written : undefined;
    const requirement = version !== undefined ? undefined : (written ?? versioned?.rawVersion ?? source);
    dependencies.push({
      ecosystem: 'maven',
      name: `${raw.groupId}:${raw.artifactId}`,
      ...(version !== undefined ? { version } : { requirement }),
      purl: makePurl('maven', raw.groupId, raw.artifactId, version),
      manifest: file.path,
      line,
      scope: scopeOf(raw.scope ?? fromManagement?.scope),
      direct: true,
    });
  }
  return dependencies;
}

/** The `<dependency>` elements of a `<dependencies>` block (a self-closing one parses as ''). */
function entries(block: RawDependencies | string | undefined): RawDependency[] {
  if (typeof block !== 'object' || block === null) return [];
  return (block.dependency ?? []).map((entry) => (typeof entry === 'object' && entry !== null ? entry : {}));
}

interface Coordinates {
  groupId?: string;
  artifactId?: string;
  /** Resolved version text; undefined if absent or still holding an unresolved `${...}`. */
  version?: string;
  /** The version as written, when it could not be resolved. */
  rawVersion?: string;
  scope?: string;
  type: string;
  classifier: string;
}

function coordinates(entry: RawDependency, resolve: (text: string) => string): Coordinates {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? resolve(value) : undefined);
  const writtenVersion = typeof entry.version === 'string' && entry.version !== '' ? entry.version : undefined;
  const version = text(entry.version);
  const unresolved = version !== undefined && version.includes('${');
  return {
    groupId: text(entry.groupId),
    artifactId: text(entry.artifactId),
    ...(version !== undefined && !unresolved ? { version } : {}),
    ...(unresolved ? { rawVersion: writtenVersion } : {}),
    scope: text(entry.scope),
    type: text(entry.type) ?? 'jar',
    classifier: text(entry.classifier) ?? '',
  };
}

/** Maven matches a dependency to its managed entry on groupId, artifactId, type and classifier. */
function managementKey(raw: Coordinates): string {
  return `${raw.groupId ?? ''}:${raw.artifactId ?? ''}:${raw.type}:${raw.classifier}`;
}

function managedBy(hasParent: boolean, importsBom: boolean): string {
  if (hasParent && importsBom) return 'managed by parent or imported BOM';
  if (hasParent) return 'managed by parent';
  if (importsBom) return 'managed by imported BOM';
  return 'unspecified';
}

/** A plain version; ranges (`[1.0,2.0)`) are requirements, not versions. */
function isExactVersion(version: string): boolean {
  return !/[[\](),]/.test(version);
}

/**
 * Maven scopes:
 * - compile (the default) and runtime: shipped with the application -> runtime.
 * - provided: the container (servlet engine, app server) supplies it when the code runs; the code
 *   is built against it and runs with it, so runtime is the honest answer.
 * - system: like provided, but from a local jar path -> runtime.
 * - test -> development.
 * - anything else (`import` outside dependencyManagement is an error in Maven, a typo...) -> unknown.
 */
function scopeOf(scope: string | undefined): Scope {
  switch (scope ?? 'compile') {
    case 'compile':
    case 'runtime':
    case 'provided':
    case 'system':
      return 'runtime';
    case 'test':
      return 'development';
    default:
      return 'unknown';
  }
}

/** Resolves `${name}` from the pom's properties and built-in project coordinates, recursively. */
function propertyResolver(project: RawProject): (text: string) => string {
  const properties = new Map<string, string>();
  const set = (key: string, value: unknown) => {
    if (typeof value === 'string' && value !== '') properties.set(key, value);
  };
  const parent = project.parent ?? {};
  for (const [prefix, field] of [
    ['groupId', 'groupId'],
    ['version', 'version'],
    ['artifactId', 'artifactId'],
  ] as const) {
    // A module without its own groupId/version inherits the parent's.
    const own = project[field] ?? (field === 'artifactId' ? undefined : parent[field]);
    for (const name of [`project.${prefix}`, `pom.${prefix}`, prefix]) set(name, own);
    for (const name of [`project.parent.${prefix}`, `parent.${prefix}`]) set(name, parent[field]);
  }
  // Explicit <properties> win over the deprecated unprefixed aliases above (`version`...).
  for (const [key, value] of Object.entries(project.properties ?? {})) set(key, value);

  return (text) => {
    let current = text;
    // Each pass replaces one level of references; 10 levels is far more than real poms nest,
    // and the bound also stops a property cycle (`a` = `${b}`, `b` = `${a}`).
    for (let depth = 0; depth < 10 && current.includes('${'); depth++) {
      const next = current.replace(/\$\{([^}]+)\}/g, (whole, name: string) => properties.get(name) ?? whole);
      if (next === current) break;
      current = next;
    }
    return current;
  };
}
