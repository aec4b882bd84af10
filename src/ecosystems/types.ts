/**
 * The one small interface every ecosystem implements (DESIGN.md principle 3).
 *
 * An ecosystem says, from paths alone, which files it reads (so the app can pick them out of a
 * git tree listing before fetching anything), how those files group into projects (a lockfile
 * and the manifest beside it are read together), and how to extract dependencies from the
 * contents of one project's files. Everything here is pure: no I/O, no clock.
 */

import type { Dependency } from '../deps/model.js';

export type { Dependency, Location, Scope } from '../deps/model.js';

/** A file of one project at one ref. `path` is relative to the repository root, `/`-separated. */
export interface SourceFile {
  path: string;
  content: string;
}

/**
 * A file that could not be read (`manifest/unparsable`), or one entry of it that is not what the
 * format allows (`invalid-entry`: `manifest/invalid-entry`; the file's valid entries are still
 * read). The message says what is wrong in the file's own terms, never an internal error.
 */
export interface ExtractionProblem {
  path: string;
  line?: number;
  column?: number;
  message: string;
  kind?: 'unparsable' | 'invalid-entry';
}

export interface ExtractedManifest {
  /** The file dependencies were read from (the lockfile when there is one). */
  path: string;
  packages: number;
}

export interface Extraction {
  dependencies: Dependency[];
  manifests: ExtractedManifest[];
  problems: ExtractionProblem[];
}

/** The files that one `extract` call reads together, e.g. `package-lock.json` + `package.json`. */
export interface Project {
  /** Directory (`''` for the repository root) that names the project. */
  root: string;
  paths: string[];
}

/** What an ecosystem's `projects` learns from the other ecosystems, built by the caller from the registry. */
export interface ProjectContext {
  /**
   * Names of the lockfiles that can govern a manifest this ecosystem reads: its own `lockfiles` and
   * those of every other ecosystem declaring the same `sharedManifest`.
   */
  readonly governingLockfiles: ReadonlySet<string>;
}

export interface Ecosystem {
  /** Stable id, used in output (`ecosystem` field) and in policy. */
  readonly id: string;
  /** File names (no folder) of the lockfiles this ecosystem reads. */
  readonly lockfiles?: readonly string[];
  /**
   * File name of a manifest other ecosystems read too (`package.json` for npm, yarn, pnpm, bun):
   * such a manifest belongs to whichever of them has the nearest lockfile (see `ProjectContext`).
   */
  readonly sharedManifest?: string;
  /** True if this ecosystem reads the file at `path` (a lockfile or its companion manifest). Path only. */
  owns(path: string): boolean;
  /**
   * Groups the owned paths of one tree into projects. `ownedPaths` holds the paths for which `owns`
   * is true, `allPaths` every path of the tree. Without it, every directory is one project.
   */
  projects?(ownedPaths: readonly string[], allPaths: readonly string[], context: ProjectContext): Project[];
  /** Extracts the dependencies of one project from its files. Never throws on bad input: reports problems. */
  extract(files: readonly SourceFile[]): Extraction;
  /** Orders two versions (negative, zero, positive). Without it, a generic dotted-number order is used. */
  compareVersions?(a: string, b: string): number;
  /**
   * The GitHub repository that is this package, at the dependency's ref, for ecosystems where the
   * repository is the package (actions): its license is the package's license.
   */
  repositoryOf?(dependency: Dependency): { owner: string; repo: string; ref?: string } | undefined;
}
