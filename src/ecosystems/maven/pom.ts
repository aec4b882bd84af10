/**
 * Direct dependencies of the pom.xml files of one repository, read together (see effective.ts).
 *
 * What counts, per pom (`manifest` = that pom): its `<dependencies>` and its profiles'; and its
 * `<parent>` when the parent is not in this repository (spring-boot-starter-parent): it is a
 * third-party artifact the build takes in, so its upgrade is a change and its license is checked.
 * A parent that is a pom of this repository is a project file, not a dependency; so is a
 * dependency on a module of this build (a pom here with its coordinates and version), as npm
 * workspace members are: its own dependencies are reported, in its pom. Not dependencies:
 * dependencyManagement entries, imported BOMs, build plugins' dependencies.
 *
 * Versions: the element's own `<version>`, else the managed one (this pom, its in-repo parents,
 * its in-repo BOMs). A version that can't be known exactly is never written as one: `version` is
 * undefined, `requirement` is what the pom wrote (if anything), `unresolved` says why.
 */
import { appendAll } from '../../deps/arrays.js';
import { makePurl, purlOf } from '../../deps/purl.js';
import { baseName } from '../paths.js';
import { clip } from '../problems.js';
import type { Dependency, Extraction, ExtractionProblem, Location, Scope, SourceFile } from '../types.js';
import { EffectivePoms, expandText, managementKey, resolveVersion, type Effective, type Managed, type ResolvedVersion } from './effective.js';
import { readPom, type Pom, type PomEntry } from './pom-model.js';
import { buildReactor, findPom, type Reactor } from './reactor.js';

export function extractPoms(files: readonly SourceFile[]): Extraction {
  const extraction: Extraction = { dependencies: [], manifests: [], problems: [] };
  const poms: Pom[] = [];
  const unreadable = new Set<string>();
  for (const file of files) {
    if (baseName(file.path) !== 'pom.xml') continue;
    const reading = readPom(file);
    if ('problem' in reading) {
      extraction.problems.push(reading.problem);
      unreadable.add(file.path);
    } else {
      poms.push(reading.pom);
      appendAll(extraction.problems, reading.problems);
    }
  }
  const reactor = buildReactor(poms, unreadable);
  const effectivePoms = new EffectivePoms(reactor);
  const problems = new Map<string, ExtractionProblem>();
  for (const pom of poms) {
    const effective = effectivePoms.of(pom);
    const dependencies = dependenciesOf(pom, effective, reactor, extraction.problems);
    appendAll(extraction.dependencies, dependencies);
    extraction.manifests.push({ path: pom.path, packages: new Set(dependencies.map((dependency) => dependency.purl)).size });
    // Poms sharing a parent meet the same bad property there: report it once.
    for (const problem of [...effective.problems, ...effective.expander.problems()]) problems.set(`${problem.path}\u0000${problem.line ?? ''}\u0000${problem.message}`, problem);
  }
  appendAll(extraction.problems, [...problems.values()]);
  return extraction;
}

function dependenciesOf(pom: Pom, effective: Effective, reactor: Reactor, problems: ExtractionProblem[]): Dependency[] {
  const dependencies: Dependency[] = [];
  const parent = parentDependency(pom, effective);
  if (parent) dependencies.push(parent);
  const expand = (text: string | undefined) => expandText(effective.expander, text);
  for (const entry of pom.dependencies) {
    const groupId = expand(entry.groupId);
    const artifactId = expand(entry.artifactId);
    // readPom left out entries without coordinates; a property can still expand to nothing.
    if (!groupId || !artifactId) {
      problems.push({ path: pom.path, line: entry.line, message: `<dependency> ${entry.groupId ?? ''}:${entry.artifactId ?? ''} has an empty ${groupId ? 'artifactId' : 'groupId'} once its properties are expanded`, kind: 'invalid-entry' });
      continue;
    }
    const managed = effective.managed(managementKey(groupId, artifactId, expand(entry.type), expand(entry.classifier)));
    const resolved = versionOf(pom, entry, managed, effective);
    const version = resolved.version ?? resolved.requirement;
    if (version !== undefined && findPom(reactor, groupId, artifactId, version, pom.path)) continue;
    const purl = purlOf('maven', groupId, artifactId, resolved.version);
    if (purl === undefined) {
      problems.push({ path: pom.path, line: entry.line, message: `<dependency> ${clip(`${groupId}:${artifactId}`)} is not a Maven artifact name`, kind: 'invalid-entry' });
      continue;
    }
    dependencies.push({
      ecosystem: 'maven',
      name: `${groupId}:${artifactId}`,
      ...versionFields(resolved),
      purl,
      manifest: pom.path,
      line: entry.line,
      ...(resolved.declaredAt ? { declaredAt: resolved.declaredAt } : {}),
      scope: scopeOf(expand(entry.scope) ?? managed?.scope),
      direct: true,
    });
  }
  return dependencies;
}

/** A ResolvedVersion, or only a reason when nothing in the repository declares the version. */
type VersionOutcome = ResolvedVersion | { version?: undefined; requirement?: undefined; unresolved: string; declaredAt?: Location };

/** The element's own version, else the managed one, else why neither is known. */
function versionOf(pom: Pom, entry: PomEntry, managed: Managed | undefined, effective: Effective): VersionOutcome {
  const end = effective.chain.end;
  if (entry.version) return resolveVersion(effective.expander, entry.version, pom.path, end.kind === 'external' ? end.label : undefined);
  const resolved = managed?.resolve();
  if (!managed || !resolved) return { unresolved: unmanagedReason(effective) };
  if (resolved.version !== undefined) return resolved;
  // The element writes no version, so there is no requirement of its own to show.
  return { unresolved: `managed in ${managed.at.path} as ${managed.written ?? ''}: ${resolved.unresolved}`, declaredAt: resolved.declaredAt };
}

/** Why a versionless dependency has no version: what would supply it, named. */
function unmanagedReason(effective: Effective): string {
  const reasons: string[] = [];
  const { external, unreadable, chain } = effective;
  if (external.length > 0) reasons.push(`managed by ${external.join(' or ')}, which ${external.length === 1 ? 'is' : 'are'} not in this repository`);
  for (const parent of unreadable) reasons.push(`managed by ${parent}`);
  if (reasons.length > 0) return reasons.join(', or ');
  if (chain.loop) return `no <version>, and the parent chain loops (${chain.loop.join(' -> ')}), so inherited versions can't be read`;
  return 'no <version>, and no dependencyManagement in this pom or its in-repo parents lists it';
}

/**
 * The `<parent>` when it is not in this repository. `line` is the `<parent>` element, like every
 * entry's; `declaredAt` its `<version>` line, the line a parent bump changes, so a review comment
 * lands on it. Scope runtime: the parent supplies the build's managed versions and plugins, not
 * shipped code, but it decides what ships, and every policy checks runtime (development would let
 * a runtime-only policy skip it; unknown would read as "we could not tell", which we can).
 */
function parentDependency(pom: Pom, effective: Effective): Dependency | undefined {
  const ref = pom.parent;
  if (!ref?.groupId || !ref.artifactId || effective.chain.poms.length > 1 || effective.chain.end.kind !== 'external') return undefined;
  const resolved: VersionOutcome = ref.version ? resolveVersion(effective.expander, ref.version, pom.path, undefined) : { unresolved: 'the <parent> names no version' };
  return {
    ecosystem: 'maven',
    name: `${ref.groupId}:${ref.artifactId}`,
    ...versionFields(resolved),
    purl: makePurl('maven', ref.groupId, ref.artifactId, resolved.version),
    manifest: pom.path,
    line: ref.line,
    ...(resolved.declaredAt ? { declaredAt: resolved.declaredAt } : {}),
    scope: 'runtime',
    direct: true,
  };
}

/** `version`, or `requirement` (when written) and `unresolved`: never a version and a reason both. */
function versionFields(resolved: VersionOutcome): Pick<Dependency, 'version' | 'requirement' | 'unresolved'> {
  if (resolved.version !== undefined) return { version: resolved.version };
  return { ...(resolved.requirement !== undefined ? { requirement: resolved.requirement } : {}), unresolved: resolved.unresolved };
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
