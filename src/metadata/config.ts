/**
 * The metadata sources from the environment (DESIGN.md: every external endpoint has a variable
 * pointing it at a mirror, and OSPO_OFFLINE=1 turns them all off). A variable that can't be used
 * is a configuration error, never a silent default.
 */
import { depsDevSource } from './deps-dev.js';
import { fetchRepositoryLicense, githubLicenseSource, type RepositoryLicenseReader } from './github.js';
import { npmRegistrySource } from './npm-registry.js';
import type { FactSource } from './types.js';

export const METADATA_ENV = {
  offline: 'OSPO_OFFLINE',
  npmRegistry: 'OSPO_NPM_REGISTRY_URL',
  npmRegistryAlias: 'OSPO_NPM_REGISTRY',
  depsDev: 'OSPO_DEPSDEV_URL',
  githubApi: 'OSPO_GITHUB_API_URL',
  timeout: 'OSPO_METADATA_TIMEOUT_MS',
} as const;

/** Every variable the metadata layer reads, with what it means (for --help and the README). */
export const METADATA_VARIABLES: readonly [string, string][] = [
  [METADATA_ENV.offline, '1: never call a metadata service (licenses not in the files are reported as not checked)'],
  [`${METADATA_ENV.npmRegistry} (alias ${METADATA_ENV.npmRegistryAlias})`, 'npm registry or mirror (default https://registry.npmjs.org)'],
  [METADATA_ENV.depsDev, 'deps.dev API or mirror (default https://api.deps.dev)'],
  [METADATA_ENV.githubApi, 'GitHub API for action licenses (default GITHUB_API_URL, else https://api.github.com)'],
  ['GITHUB_TOKEN', 'token for the GitHub API (CLI); without it action licenses are not checked'],
  [METADATA_ENV.timeout, 'per-request timeout of metadata lookups in ms (default 10000)'],
];

export class ConfigError extends Error {}

export function isOffline(env: NodeJS.ProcessEnv): boolean {
  const value = env[METADATA_ENV.offline];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export interface SourceOptions {
  offline?: boolean;
  /** How the GitHub source reads a repository's license (the app passes its Octokit); default: fetch with GITHUB_TOKEN, if set. */
  github?: RepositoryLicenseReader;
}

/** The license sources, in the order they are asked. Throws ConfigError for a variable that is not usable. */
export function licenseSourcesFromEnv(env: NodeJS.ProcessEnv, options: SourceOptions = {}): FactSource[] {
  const timeout = timeoutFrom(env);
  const npmRegistry = urlFrom(env, METADATA_ENV.npmRegistry, urlFrom(env, METADATA_ENV.npmRegistryAlias, 'https://registry.npmjs.org'));
  const depsDev = urlFrom(env, METADATA_ENV.depsDev, 'https://api.deps.dev');
  const githubApi = urlFrom(env, METADATA_ENV.githubApi, urlFrom(env, 'GITHUB_API_URL', 'https://api.github.com'));
  if (options.offline ?? isOffline(env)) return [];
  const token = env.GITHUB_TOKEN;
  const github = options.github ?? (token ? fetchRepositoryLicense(githubApi, token, timeout) : undefined);
  return [npmRegistrySource(npmRegistry, timeout), depsDevSource(depsDev, timeout), githubLicenseSource(`GitHub API (${githubApi})`, github)];
}

function urlFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name}=${value} is not a URL (expected like https://mirror.example.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name}=${value} must be an http(s) URL`);
  return value;
}

function timeoutFrom(env: NodeJS.ProcessEnv): number {
  const value = env[METADATA_ENV.timeout];
  if (value === undefined || value === '') return 10_000;
  const timeout = Number(value);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new ConfigError(`${METADATA_ENV.timeout}=${value} must be a positive whole number of milliseconds`);
  return timeout;
}
