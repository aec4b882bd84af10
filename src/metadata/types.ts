import type { Dependency } from '../deps/model.js';
import type { FactKind, PackageFacts } from '../facts/types.js';
import type { FactCache } from './cache.js';

/**
 * What a source said about one package: its facts (possibly none: it knows no license), or why it
 * could not say. `uncheckedKinds`: kinds asked for that could not be looked up although the rest
 * was (deps.dev's scorecard when only its projectbatch failed), with why; absent from `facts`.
 */
export type Answer = { facts: PackageFacts; uncheckedKinds?: Readonly<Partial<Record<FactKind, string>>> } | { failed: string };

export interface SourceAnswers {
  /** By purl; a package the source was asked about and left out is one it does not know. */
  answers: Map<string, Answer>;
  /** Set when the source's host went out of reach during the lookup (the circuit breaker tripped), with why. */
  down?: string;
  /** The last failure's reason, for the one finding per failing source. */
  lastFailure?: string;
}

export interface LookupOptions {
  /** Requests in flight at once, for sources that ask per package. */
  concurrency: number;
  /** What is wanted for these packages: some of the source's `provides`. */
  kinds: ReadonlySet<FactKind>;
  /** The shared cache, for what a source keeps itself (OSV records by id). */
  cache?: FactCache;
  /** Called as each package is answered (the CLI shows progress from it). */
  onAnswer?: (purl: string, answer: Answer) => void;
}

/**
 * A place that knows facts about packages (a registry, deps.dev, the GitHub API; OSV and
 * Scorecard next), asked for many packages at once: a batch API answers in a few requests, a
 * per-package one fans out (perPackageSource) behind the same port.
 */
export interface FactSource {
  /** Named in messages: `deps.dev (https://api.deps.dev)`. */
  readonly name: string;
  /**
   * Set when the source is configured off, saying why (`no GITHUB_TOKEN to ask the GitHub API`):
   * the packages only it could answer for are reported as not checked, never as passing.
   */
  readonly unavailable?: string;
  /** The kinds of fact it can answer (a license source: `['license']`). */
  readonly provides: readonly FactKind[];
  /** Whether this source can answer for the dependency (by purl type, ecosystem metadata...). */
  supports(dependency: Dependency): boolean;
  /** Never throws: a failure is an answer (`failed`), and a host out of reach is `down`. */
  lookup(dependencies: readonly Dependency[], options: LookupOptions): Promise<SourceAnswers>;
}
