/**
 * The metadata sources from the environment (DESIGN.md: every external endpoint has a variable
 * pointing it at a mirror, and OSPO_OFFLINE=1 turns them all off).
 */
import { depsDevSource } from './deps-dev.js';
import { npmRegistrySource } from './npm-registry.js';
import type { LicenseSource } from './types.js';

export const METADATA_ENV = {
  offline: 'OSPO_OFFLINE',
  npmRegistry: 'OSPO_NPM_REGISTRY',
  depsDev: 'OSPO_DEPSDEV_URL',
  timeout: 'OSPO_METADATA_TIMEOUT_MS',
} as const;

export function isOffline(env: NodeJS.ProcessEnv): boolean {
  const value = env[METADATA_ENV.offline];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function licenseSourcesFromEnv(env: NodeJS.ProcessEnv, offline = isOffline(env)): LicenseSource[] {
  if (offline) return [];
  const timeout = Number(env[METADATA_ENV.timeout] ?? '') || 10_000;
  return [
    npmRegistrySource(env[METADATA_ENV.npmRegistry] || 'https://registry.npmjs.org', timeout),
    depsDevSource(env[METADATA_ENV.depsDev] || 'https://api.deps.dev', timeout),
  ];
}
