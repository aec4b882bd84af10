/**
 * The data model every layer shares: one dependency as one manifest records it at one ref, and
 * where things are in files. Pure data; ecosystems produce it, the diff, the rules and the
 * reporters read it.
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
  /**
   * The lockfile says this version runs scripts when it is installed (npm `hasInstallScript`,
   * pnpm `requiresBuild`): where supply-chain attacks run. Undefined when the format does not say.
   */
  installScripts?: boolean;
  /**
   * Digests of the package's artifact as the lockfile records them (npm `integrity`, Cargo
   * `checksum`...), hex-encoded; undefined when the format records none. For SBOMs.
   */
  hashes?: readonly PackageHash[];
}

/** One digest of a package artifact, hex-encoded (lowercase). */
export interface PackageHash {
  algorithm: 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
  value: string;
}
