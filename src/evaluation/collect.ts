/**
 * From a tree's paths and a way to read files, to the dependencies of every project in it.
 * Pure: `read` is a lookup in files already fetched (git, the GitHub API, a test's object).
 */
import { projectsByDirectory } from '../ecosystems/paths.js';
import { ECOSYSTEMS, ecosystemById, projectContextOf } from '../ecosystems/registry.js';
import type { Dependency, Ecosystem, ExtractedManifest, ExtractionProblem, Project, SourceFile } from '../ecosystems/types.js';
import { appendAll } from '../deps/arrays.js';
import { diffDependencies, type Change } from '../deps/diff.js';
import { mergeDuplicates } from '../deps/merge.js';
import { compareVersionsGeneric } from '../deps/version.js';

export interface ProjectRef {
  ecosystem: Ecosystem;
  project: Project;
}

/** A stable key for a project across refs: same ecosystem, same root. */
export function projectKey(ref: ProjectRef): string {
  return `${ref.ecosystem.id}:${ref.project.root}`;
}

/**
 * The projects of every ecosystem in a tree (or of the given ones). The lockfiles of every known
 * ecosystem still decide who governs a shared manifest: a package.json under a yarn.lock is not
 * npm's even when only npm is asked for (the benches do that).
 */
export function findProjects(paths: readonly string[], ecosystems: readonly Ecosystem[] = ECOSYSTEMS): ProjectRef[] {
  const known = ecosystems === ECOSYSTEMS ? ECOSYSTEMS : [...new Set([...ECOSYSTEMS, ...ecosystems])];
  const refs: ProjectRef[] = [];
  for (const ecosystem of ecosystems) {
    const owned = paths.filter((path) => ecosystem.owns(path));
    if (owned.length === 0) continue;
    const projects = ecosystem.projects ? ecosystem.projects(owned, paths, projectContextOf(ecosystem, known)) : projectsByDirectory(owned);
    for (const project of projects) refs.push({ ecosystem, project });
  }
  return refs;
}

export interface Collected {
  dependencies: Dependency[];
  manifests: (ExtractedManifest & { ecosystem: string })[];
  problems: ExtractionProblem[];
}

/**
 * Extracts the given projects. A file `read` returns undefined for (deleted, too large, not
 * fetched) is left out of its project; a project left with no file is skipped.
 */
export function collectDependencies(refs: readonly ProjectRef[], read: (path: string) => string | undefined): Collected {
  const collected: Collected = { dependencies: [], manifests: [], problems: [] };
  for (const { ecosystem, project } of refs) {
    const files: SourceFile[] = [];
    for (const path of project.paths) {
      const content = read(path);
      if (content !== undefined) files.push({ path, content });
    }
    if (files.length === 0) continue;
    let extraction;
    let merged;
    try {
      extraction = ecosystem.extract(files);
      merged = mergeDuplicates(extraction.dependencies);
    } catch (error) {
      // An extractor must report problems, not throw; if one does, this project still fails
      // loud and the other projects are still read.
      const message = error instanceof Error ? error.message : String(error);
      collected.problems.push({ path: files[0]?.path ?? project.root, message: `could not be read (${ecosystem.id} reader failed: ${message})` });
      continue;
    }
    // The first project's list is taken as it is: one 100k-entry project need not be copied.
    if (collected.dependencies.length === 0) collected.dependencies = merged;
    else appendAll(collected.dependencies, merged);
    appendAll(collected.manifests, extraction.manifests.map((manifest) => ({ ...manifest, ecosystem: ecosystem.id })));
    appendAll(collected.problems, extraction.problems);
  }
  return collected;
}

/** Each ecosystem's own version order (semver, PEP 440, Maven...), the generic one where it has none. */
export function ecosystemVersionOrder(ecosystem: string): (a: string, b: string) => number {
  return ecosystemById(ecosystem)?.compareVersions ?? compareVersionsGeneric;
}

/** The diff of two collected dependency sets, each ecosystem's versions in its own order. */
export function diffCollected(base: readonly Dependency[], head: readonly Dependency[]): Change[] {
  return diffDependencies(base, head, ecosystemVersionOrder);
}
