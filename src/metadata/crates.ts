/**
 * Licenses from crates.io (or a mirror of its API): GET /api/v1/crates/{name}/{version}, whose
 * `version.license` is the SPDX expression the crate's Cargo.toml declares. crates.io's data
 * access policy refuses requests without a User-Agent: we name ourselves.
 */
import { fetchJson } from './http.js';
import { perPackageSource, registryLicenseApi, requestPacer, type RequestPacer } from './per-package.js';
import type { FactSource } from './types.js';

export const CRATES_USER_AGENT = 'ospo-gatekeeper';

/**
 * The same policy allows crawlers at most 1 request per second. crates.io is the last license
 * source for Cargo (deps.dev covers crates first, then ClearlyDefined), so this spacing rarely
 * applies; when it does, a lookup of n crates takes about n seconds.
 */
export const CRATES_MIN_INTERVAL_MS = 1000;

/** One pacer per host and interval for the whole process: the app builds sources per job, and jobs run at once. */
const sharedPacers = new Map<string, RequestPacer>();

export function cratesPacer(baseUrl: string, minIntervalMs = CRATES_MIN_INTERVAL_MS): RequestPacer {
  const key = `${minIntervalMs} ${baseUrl.replace(/\/+$/, '')}`;
  let pacer = sharedPacers.get(key);
  if (!pacer) sharedPacers.set(key, (pacer = requestPacer(minIntervalMs)));
  return pacer;
}

export function cratesSource(baseUrl: string, timeoutMs = 10_000, pacer: RequestPacer = cratesPacer(baseUrl)): FactSource {
  return perPackageSource(
    registryLicenseApi('crates.io', 'cargo', baseUrl, async (base, crate) => {
      const url = `${base}/api/v1/crates/${encodeURIComponent(crate.name)}/${encodeURIComponent(crate.version)}`;
      const answer = (await fetchJson(url, timeoutMs, { 'user-agent': CRATES_USER_AGENT })) as { version?: { license?: unknown } | null } | null;
      const license = answer?.version?.license;
      // A crate that ships only a license file (`license-file`) has no license here.
      return typeof license === 'string' && license.trim() !== '' ? normaliseSlashes(license.trim()) : null;
    }),
    { pacer },
  );
}

/**
 * Crates published before SPDX expressions were required wrote alternatives as `MIT/Apache-2.0`:
 * when the text is only ids separated by `/`, it is that OR. Anything else (an expression with
 * operators or parentheses) is left as declared for the license rules to read.
 */
export function normaliseSlashes(license: string): string {
  if (!license.includes('/')) return license;
  const ids = license.split('/').map((part) => part.trim());
  return ids.every((id) => /^[A-Za-z0-9.+-]+$/.test(id)) ? ids.join(' OR ') : license;
}
