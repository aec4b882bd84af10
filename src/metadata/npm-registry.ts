/** Licenses from an npm registry (registry.npmjs.org or a mirror): GET /<name>/<version>. */
import { parsePurl } from '../deps/purl.js';
import type { Dependency } from '../deps/model.js';
import { fetchJson } from './http.js';
import { licenseFacts } from './license-facts.js';
import { perPackageSource, type PerPackageApi } from './per-package.js';
import type { FactSource } from './types.js';

export function npmRegistrySource(baseUrl: string, timeoutMs = 10_000): FactSource {
  return perPackageSource(npmRegistryApi(baseUrl, timeoutMs));
}

/** The registry, one package version per request. */
export function npmRegistryApi(baseUrl: string, timeoutMs = 10_000): PerPackageApi {
  const base = baseUrl.replace(/\/+$/, '');
  const name = `npm registry (${base})`;
  return {
    name,
    supports: (dependency) => dependency.version !== undefined && dependency.purl.startsWith('pkg:npm/'),
    fetch: async (dependency) => licenseFacts(await registryLicense(base, dependency, timeoutMs), name),
  };
}

async function registryLicense(base: string, dependency: Dependency, timeoutMs: number): Promise<string | null> {
  const parts = parsePurl(dependency.purl);
  if (!parts?.version) return null;
  const fullName = parts.namespace ? `${parts.namespace}/${parts.name}` : parts.name;
  // The registry wants the scope's slash encoded: /@babel%2fcore/7.24.0
  const url = `${base}/${encodeURIComponent(fullName).replace(/^%40/, '@')}/${encodeURIComponent(parts.version)}`;
  const manifest = (await fetchJson(url, timeoutMs)) as { license?: unknown; licenses?: unknown } | null;
  return manifest ? licenseFromManifest(manifest) : null;
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
