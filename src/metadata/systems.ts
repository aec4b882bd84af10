/**
 * Which metadata service knows which packages, by purl type: ecosystems know no service (a new
 * service maps purl types here; a new ecosystem adds its purl type here if a service has it).
 */

/** deps.dev's system names (https://docs.deps.dev/api/v3/): the purl types it covers. */
const DEPS_DEV_SYSTEMS: Readonly<Record<string, string>> = {
  npm: 'NPM',
  pypi: 'PYPI',
  golang: 'GO',
  cargo: 'CARGO',
  maven: 'MAVEN',
  nuget: 'NUGET',
  gem: 'RUBYGEMS',
};

/** The purl's type: `pkg:npm/...` -> `npm`. */
export function purlTypeOf(purl: string): string | undefined {
  const match = /^pkg:([a-z][a-z0-9.+-]*)\//i.exec(purl);
  return match ? (match[1] as string).toLowerCase() : undefined;
}

export function depsDevSystem(purl: string): string | undefined {
  const type = purlTypeOf(purl);
  return type === undefined ? undefined : DEPS_DEV_SYSTEMS[type];
}
