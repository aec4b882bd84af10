/** Licenses from an npm registry (registry.npmjs.org or a mirror): GET /<name>/<version>. */
import { fetchJson } from './http.js';
import { perPackageSource, registryLicenseApi, type PerPackageApi } from './per-package.js';
import type { FactSource } from './types.js';

export function npmRegistrySource(baseUrl: string, timeoutMs = 10_000): FactSource {
  return perPackageSource(npmRegistryApi(baseUrl, timeoutMs));
}

/** The registry, one package version per request. */
export function npmRegistryApi(baseUrl: string, timeoutMs = 10_000): PerPackageApi {
  return registryLicenseApi('npm registry', 'npm', baseUrl, async (base, purl) => {
    const fullName = purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
    // The registry wants the scope's slash encoded: /@babel%2fcore/7.24.0
    const url = `${base}/${encodeURIComponent(fullName).replace(/^%40/, '@')}/${encodeURIComponent(purl.version)}`;
    const manifest = (await fetchJson(url, timeoutMs)) as { license?: unknown; licenses?: unknown } | null;
    return manifest ? licenseFromManifest(manifest) : null;
  });
}

/** package.json's `license` (string, or the old `{ type }`), or the older `licenses` array (read as OR). */
export function licenseFromManifest(manifest: { license?: unknown; licenses?: unknown }): string | null {
  const typeOf = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : undefined;
  const single = typeOf(manifest.license);
  if (single) return single;
  if (Array.isArray(manifest.licenses)) {
    const all = manifest.licenses.map(typeOf).filter((value): value is string => value !== undefined);
    if (all.length === 1) return all[0] as string;
    if (all.length > 1) return all.map((license) => `(${license})`).join(' OR ');
  }
  return null;
}
