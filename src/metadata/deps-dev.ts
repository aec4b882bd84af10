/**
 * Licenses from deps.dev (api.deps.dev or a mirror), for every ecosystem that declares its
 * deps.dev system: GET /v3/systems/{system}/packages/{name}/versions/{version}.
 */
import { parsePurl } from '../deps/purl.js';
import type { Dependency } from '../ecosystems/types.js';
import { ecosystemById } from '../ecosystems/registry.js';
import { fetchJson } from './http.js';
import type { LicenseSource } from './types.js';

/** How deps.dev joins a purl's namespace and name, where it differs from `/` (Maven: group:artifact). */
const NAME_SEPARATOR: Readonly<Record<string, string>> = { MAVEN: ':' };

export function depsDevSource(baseUrl: string, timeoutMs = 10_000): LicenseSource {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    name: `deps.dev (${base})`,
    supports: (dependency) => dependency.version !== undefined && ecosystemById(dependency.ecosystem)?.depsDevSystem !== undefined,
    async licenseOf(dependency: Dependency) {
      const system = ecosystemById(dependency.ecosystem)?.depsDevSystem;
      const parts = parsePurl(dependency.purl);
      if (!system || !parts?.version) return null;
      const name = parts.namespace ? `${parts.namespace}${NAME_SEPARATOR[system] ?? '/'}${parts.name}` : parts.name;
      const url = `${base}/v3/systems/${system}/packages/${encodeURIComponent(name)}/versions/${encodeURIComponent(parts.version)}`;
      const answer = (await fetchJson(url, timeoutMs)) as { licenses?: unknown } | null;
      const licenses = Array.isArray(answer?.licenses) ? answer.licenses.filter((item): item is string => typeof item === 'string' && item !== 'non-standard') : [];
      if (licenses.length === 0) return null;
      // Several entries are licenses that all apply to the version.
      return licenses.length === 1 ? (licenses[0] as string) : licenses.map((license) => `(${license})`).join(' AND ');
    },
  };
}
