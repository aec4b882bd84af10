/**
 * Licenses from deps.dev (api.deps.dev or a mirror), for every purl type deps.dev has a system
 * for: GET /v3/systems/{system}/packages/{name}/versions/{version}.
 */
import { parsePurl } from '../deps/purl.js';
import type { Dependency } from '../deps/model.js';
import { fetchJson } from './http.js';
import { licenseFacts } from './license-facts.js';
import { perPackageSource } from './per-package.js';
import { depsDevSystem } from './systems.js';
import type { FactSource } from './types.js';

/** How deps.dev joins a purl's namespace and name, where it differs from `/` (Maven: group:artifact). */
const NAME_SEPARATOR: Readonly<Record<string, string>> = { MAVEN: ':' };

export function depsDevSource(baseUrl: string, timeoutMs = 10_000): FactSource {
  const base = baseUrl.replace(/\/+$/, '');
  const name = `deps.dev (${base})`;
  return perPackageSource({
    name,
    supports: (dependency) => dependency.version !== undefined && depsDevSystem(dependency.purl) !== undefined,
    fetch: async (dependency) => licenseFacts(await versionLicense(base, dependency, timeoutMs), name),
  });
}

async function versionLicense(base: string, dependency: Dependency, timeoutMs: number): Promise<string | null> {
  const system = depsDevSystem(dependency.purl);
  const parts = parsePurl(dependency.purl);
  if (!system || !parts?.version) return null;
  const name = parts.namespace ? `${parts.namespace}${NAME_SEPARATOR[system] ?? '/'}${parts.name}` : parts.name;
  const url = `${base}/v3/systems/${system}/packages/${encodeURIComponent(name)}/versions/${encodeURIComponent(parts.version)}`;
  const answer = (await fetchJson(url, timeoutMs)) as { licenses?: unknown } | null;
  const licenses = Array.isArray(answer?.licenses) ? answer.licenses.filter((item): item is string => typeof item === 'string' && item !== 'non-standard') : [];
  if (licenses.length === 0) return null;
  // Several entries are licenses that all apply to the version.
  return licenses.length === 1 ? (licenses[0] as string) : licenses.map((license) => `(${license})`).join(' AND ');
}
