/**
 * Fills in the licenses the manifests do not record, asking the sources in order, a few requests
 * at a time, through a cache shared across evaluations.
 */
import { LRUCache } from 'lru-cache';
import type { Dependency } from '../ecosystems/types.js';
import type { Finding } from '../findings.js';
import type { LicenseSource } from './types.js';

/** Answers by purl: a license text, or null when every source said it has none. */
export type LicenseCache = LRUCache<string, { license: string | null; source: string }>;

export function createLicenseCache(max = 50_000): LicenseCache {
  return new LRUCache({ max });
}

export interface Resolution {
  /** License found per purl, with the source that gave it. */
  licenses: Map<string, { license: string; source: string }>;
  /** Why a purl has no license: the lookups that failed for it. */
  failures: Map<string, string>;
  /** One `metadata/unavailable` finding per source that failed. */
  findings: Finding[];
}

export async function resolveLicenses(
  dependencies: readonly Dependency[],
  sources: readonly LicenseSource[],
  cache: LicenseCache = createLicenseCache(),
  concurrency = 8,
): Promise<Resolution> {
  const resolution: Resolution = { licenses: new Map(), failures: new Map(), findings: [] };
  const wanted = new Map<string, Dependency>();
  for (const dependency of dependencies) {
    if (dependency.license === undefined && !wanted.has(dependency.purl)) wanted.set(dependency.purl, dependency);
  }
  const failedBySource = new Map<string, { count: number; reason: string }>();
  const queue = [...wanted.values()];
  const worker = async (): Promise<void> => {
    for (let dependency = queue.shift(); dependency; dependency = queue.shift()) {
      const cached = cache.get(dependency.purl);
      if (cached) {
        if (cached.license !== null) resolution.licenses.set(dependency.purl, { license: cached.license, source: cached.source });
        continue;
      }
      let failed = false;
      let answered = false;
      for (const source of sources) {
        if (!source.supports(dependency)) continue;
        try {
          const license = await source.licenseOf(dependency);
          if (license === null) continue;
          resolution.licenses.set(dependency.purl, { license, source: source.name });
          cache.set(dependency.purl, { license, source: source.name });
          answered = true;
          break;
        } catch (error) {
          failed = true;
          const reason = error instanceof Error ? error.message : String(error);
          resolution.failures.set(dependency.purl, `${source.name}: ${reason}`);
          const entry = failedBySource.get(source.name) ?? { count: 0, reason };
          entry.count++;
          failedBySource.set(source.name, entry);
        }
      }
      if (answered) resolution.failures.delete(dependency.purl);
      // Only a clean "no license anywhere" is cached; a failure is asked again next time.
      else if (!failed) cache.set(dependency.purl, { license: null, source: 'none' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  for (const [source, { count, reason }] of failedBySource) {
    resolution.findings.push({
      rule: 'metadata/unavailable',
      severity: 'warning',
      message: `${source} could not be reached for ${count} package${count === 1 ? '' : 's'} (${reason}); their licenses count as unknown`,
      help: 'Re-run the check when the source is back; set its mirror variable if it is blocked from here.',
    });
  }
  return resolution;
}
