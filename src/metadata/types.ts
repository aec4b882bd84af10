import type { Dependency } from '../ecosystems/types.js';

/** A place that knows packages' licenses (a registry, deps.dev, the GitHub API...). */
export interface LicenseSource {
  /** Named in messages: `deps.dev (https://api.deps.dev)`. */
  readonly name: string;
  /**
   * Set when the source is configured off, saying why (`no GITHUB_TOKEN to ask the GitHub API`):
   * the packages only it could answer for are reported as not checked, never as passing.
   */
  readonly unavailable?: string;
  /** Whether this source can answer for the dependency (by purl type, ecosystem metadata...). */
  supports(dependency: Dependency): boolean;
  /**
   * The license the source records for this exact version; null when the source has the package
   * but no license, or does not know the package. Throws (a SourceError, see http.ts) when the
   * source could not be asked: that is a failure, never "no license".
   */
  licenseOf(dependency: Dependency): Promise<string | null>;
}
