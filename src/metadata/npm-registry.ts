/** Licenses from an npm registry (registry.npmjs.org or a mirror): GET /<name>/<version>. */
import { parsePurl } from '../deps/purl.js';
import type { Dependency } from '../ecosystems/types.js';
import { fetchJson } from './http.js';
import type { LicenseSource } from './types.js';

export function npmRegistrySource(baseUrl: string, timeoutMs = 10_000): LicenseSource {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    name: `npm registry (${base})`,
    supports: (dependency) => dependency.version !== undefined && dependency.purl.startsWith('pkg:npm/'),
    async licenseOf(dependency: Dependency) {
      const parts = parsePurl(dependency.purl);
      if (!parts?.version) return null;
      const fullName = parts.namespace ? `${parts.namespace}/${parts.name}` : parts.name;
      // The registry wants the scope's slash encoded: /@babel%2fcore/7.24.0
      const url = `${base}/${encodeURIComponent(fullName).replace(/^%40/, '@')}/${encodeURIComponent(parts.version)}`;
      const manifest = (await fetchJson(url, timeoutMs)) as { license?: unknown; licenses?: unknown } | null;
      if (!manifest) return null;
      return licenseFromManifest(manifest);
    },
  };
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
