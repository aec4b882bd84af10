/**
 * The one small interface every ecosystem implements (DESIGN.md principle 3).
 *
 * An ecosystem says, from paths alone, which files it reads (so the app can pick them out of a
 * git tree listing before fetching anything), how those files group into projects (a lockfile
 * and the manifest beside it are read together), and how to extract dependencies from the
 * contents of one project's files. Everything here is pure: no I/O, no clock.
 */

export type Scope = 'runtime' | 'development' | 'unknown';

/** A place in a file, 1-based. */
export interface Location {
  path: string;
  line?: number;
  column?: number;
}

/** One dependency as one manifest records it at one ref. */
export interface Dependency {
  /** Ecosystem id, the `id` of the module that extracted it (`npm`, `yarn`, `pypi`...). */
  ecosystem: string;
  /** Display name as users write it: `@babel/core`, `requests`, `github.com/gorilla/mux`. */
  name: string;
  /** Exact resolved version; undefined when the file only gives a range or an unresolved property. */
  version?: string;
  /** The declared requirement when the version could not be resolved (`^1.2.0`, `${spring.version}`). */
  requirement?: string;
  /**
   * Why there is no exact version, beside `requirement` (`managed by parent
   * org.springframework.boot:spring-boot-starter-parent:3.5.6, which is not in this repository`).
   */
  unresolved?: string;
  /** Package URL without qualifiers; includes `@version` when the version is known. */
  purl: string;
  /** Path (from the repository root) of the file the dependency was read from: the lockfile when there is one. */
  manifest: string;
  /** Line of the dependency's entry in `manifest`. */
  line?: number;
  /** For a direct dependency, where the project's manifest declares it (package.json line...). */
  declaredAt?: Location;
  scope: Scope;
  direct: boolean;
  /** License exactly as the file records it (npm lockfile v2/v3, composer.lock); undefined when the file has none. */
  license?: string;
  /**
   * Who depends on this version in the file, for pairing versions across refs (an upgrade is the
   * version a dependent moved to): `workspace:<path>` for a project of the file (`workspace:.` for
   * the root, `workspace:packages/a`), else the dependent package's name without its version.
   * Undefined when the format does not say.
   */
  requiredBy?: string[];
  /** How the reference is pinned, for ecosystems whose references can move (actions): a full commit, a tag, a branch. */
  pinning?: 'commit' | 'tag' | 'branch';
  /** The tag a commit pin stands for, from its `# v4.1.1` comment (shown beside the SHA). */
  tag?: string;
}

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

export interface Ecosystem {
  /** Stable id, used in output (`ecosystem` field) and in policy. */
  readonly id: string;
  /** The purl type of its packages (`npm`, `pypi`, `golang`, `cargo`...). */
  readonly purlType: string;
  /** The deps.dev system name for license lookups (`NPM`, `PYPI`, `GO`, `CARGO`, `MAVEN`, `NUGET`), if deps.dev knows it. */
  readonly depsDevSystem?: string;
  /** True if this ecosystem reads the file at `path` (a lockfile or its companion manifest). Path only. */
  owns(path: string): boolean;
  /**
   * Groups the owned paths of one tree into projects. `ownedPaths` holds the paths for which `owns`
   * is true, `allPaths` every path of the tree. Without it, every directory is one project.
   */
  projects?(ownedPaths: readonly string[], allPaths: readonly string[]): Project[];
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
