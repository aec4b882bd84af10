/**
 * Which metadata service knows which packages, by purl type: ecosystems know no service (a new
 * service maps purl types here; a new ecosystem adds its purl type here if a service has it).
 */
import { normalizePythonName } from '../ecosystems/python.js';

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

/**
 * OSV's ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field), which are
 * case-sensitive: `PyPI`, not `pypi`.
 */
const OSV_ECOSYSTEMS: Readonly<Record<string, string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  cargo: 'crates.io',
  maven: 'Maven',
  nuget: 'NuGet',
  gem: 'RubyGems',
  composer: 'Packagist',
  githubactions: 'GitHub Actions',
};

/**
 * How OSV's ecosystems compare package names, where not byte for byte: PyPI's are PEP 503
 * normalised, NuGet's case-insensitive. By OSV ecosystem name.
 */
const OSV_NAME_FORMS: Readonly<Record<string, (name: string) => string>> = {
  PyPI: normalizePythonName,
  NuGet: (name) => name.toLowerCase(),
};

/** The form in which two names of an OSV ecosystem are equal when they name one package. */
export function osvNameForm(ecosystem: string): (name: string) => string {
  return OSV_NAME_FORMS[ecosystem] ?? ((name) => name);
}

export function osvEcosystem(purl: string): string | undefined {
  const type = purlTypeOf(purl);
  return type === undefined ? undefined : OSV_ECOSYSTEMS[type];
}

/**
 * ClearlyDefined's coordinates `type/provider` (https://docs.clearlydefined.io/docs/resources/coordinates)
 * by purl type.
 */
const CLEARLYDEFINED_TYPES: Readonly<Record<string, { type: string; provider: string }>> = {
  npm: { type: 'npm', provider: 'npmjs' },
  pypi: { type: 'pypi', provider: 'pypi' },
  golang: { type: 'go', provider: 'golang' },
  cargo: { type: 'crate', provider: 'cratesio' },
  maven: { type: 'maven', provider: 'mavencentral' },
  nuget: { type: 'nuget', provider: 'nuget' },
  gem: { type: 'gem', provider: 'rubygems' },
  composer: { type: 'composer', provider: 'packagist' },
};

export function clearlyDefinedType(purl: string): { type: string; provider: string } | undefined {
  const type = purlTypeOf(purl);
  return type === undefined ? undefined : CLEARLYDEFINED_TYPES[type];
}
