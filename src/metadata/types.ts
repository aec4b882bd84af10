import type { Dependency } from '../ecosystems/types.js';

/** A place that knows packages' licenses (a registry, deps.dev...). */
export interface LicenseSource {
  readonly name: string;
  /** Whether this source can answer for the dependency (by purl type, ecosystem metadata...). */
  supports(dependency: Dependency): boolean;
  /**
   * The license the source records for this exact version; null when the source has the package
   * but no license, or does not know the package. Throws when the source could not be asked
   * (network, 5xx, rate limit): that is a failure, never "no license".
   */
  licenseOf(dependency: Dependency): Promise<string | null>;
}
