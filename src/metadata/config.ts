/**
 * The metadata sources from the environment (DESIGN.md: every external endpoint has a variable
 * pointing it at a mirror, and OSPO_OFFLINE=1 turns them all off). A variable that can't be used
 * is a configuration error, never a silent default.
 */
import { clearlyDefinedSource } from './clearly-defined.js';
import { cratesPacer, cratesSource } from './crates.js';
import { depsDevSource } from './deps-dev.js';
import { fetchRepositoryLicense, githubLicenseSource, type RepositoryLicenseReader } from './github.js';
import { npmRegistrySource } from './npm-registry.js';
import { osvSource } from './osv.js';
import { pypiSource } from './pypi.js';
import type { FactSource } from './types.js';

export const METADATA_ENV = {
  offline: 'OSPO_OFFLINE',
  npmRegistry: 'OSPO_NPM_REGISTRY_URL',
  npmRegistryAlias: 'OSPO_NPM_REGISTRY',
  depsDev: 'OSPO_DEPSDEV_URL',
  osv: 'OSPO_OSV_URL',
  clearlyDefined: 'OSPO_CLEARLYDEFINED_URL',
  pypi: 'OSPO_PYPI_URL',
  crates: 'OSPO_CRATES_URL',
  githubApi: 'OSPO_GITHUB_API_URL',
  timeout: 'OSPO_METADATA_TIMEOUT_MS',
} as const;

/** Every variable the metadata layer reads, with what it means (for --help and the README). */
export const METADATA_VARIABLES: readonly [string, string][] = [
  [METADATA_ENV.offline, '1: never call a metadata service (the files and the cache only; what they do not say is reported as not checked)'],
  [METADATA_ENV.depsDev, 'deps.dev API or mirror: licenses, deprecation, publication dates, source repositories, Scorecard (default https://api.deps.dev)'],
  [METADATA_ENV.osv, 'OSV API or mirror: vulnerabilities and malware (default https://api.osv.dev)'],
  [METADATA_ENV.clearlyDefined, 'ClearlyDefined API or mirror: licenses deps.dev lacks (default https://api.clearlydefined.io)'],
  [`${METADATA_ENV.npmRegistry} (alias ${METADATA_ENV.npmRegistryAlias})`, 'npm registry or mirror (default https://registry.npmjs.org)'],
  [METADATA_ENV.pypi, 'PyPI or mirror (default https://pypi.org)'],
  [METADATA_ENV.crates, 'crates.io or mirror (default https://crates.io)'],
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
  /** Least time between the starts of two crates.io requests (default CRATES_MIN_INTERVAL_MS, its data access policy's 1 per second); a mirror may allow less. */
  cratesMinIntervalMs?: number;
}

/**
 * The fact sources, in the order they are asked: the batch services first (deps.dev, OSV,
 * ClearlyDefined: a few requests for thousands of packages), the registries last, for what the
 * services lack (one request per package). Throws ConfigError for a variable that is not usable.
 */
export function factSourcesFromEnv(env: NodeJS.ProcessEnv, options: SourceOptions = {}): FactSource[] {
  const timeout = timeoutFrom(env);
  const url = (name: string, fallback: string) => urlFrom(env, name, fallback);
  const npmRegistry = url(METADATA_ENV.npmRegistry, url(METADATA_ENV.npmRegistryAlias, 'https://registry.npmjs.org'));
  const depsDev = url(METADATA_ENV.depsDev, 'https://api.deps.dev');
  const osv = url(METADATA_ENV.osv, 'https://api.osv.dev');
  const clearlyDefined = url(METADATA_ENV.clearlyDefined, 'https://api.clearlydefined.io');
  const pypi = url(METADATA_ENV.pypi, 'https://pypi.org');
  const crates = url(METADATA_ENV.crates, 'https://crates.io');
  const githubApi = url(METADATA_ENV.githubApi, url('GITHUB_API_URL', 'https://api.github.com'));
  if (options.offline ?? isOffline(env)) return [];
  const token = env.GITHUB_TOKEN;
  const github = options.github ?? (token ? fetchRepositoryLicense(githubApi, token, timeout) : undefined);
  return [
    depsDevSource(depsDev, timeout),
    osvSource(osv, timeout),
    clearlyDefinedSource(clearlyDefined, timeout),
    npmRegistrySource(npmRegistry, timeout),
    pypiSource(pypi, timeout),
    cratesSource(crates, timeout, cratesPacer(crates, options.cratesMinIntervalMs)),
    githubLicenseSource(`GitHub API (${githubApi})`, github),
  ];
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
