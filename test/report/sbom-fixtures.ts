/**
 * A small head inventory for the SBOM renderers, as the pipeline would hand it over: an npm
 * lockfile with a graph (two versions of one dependent, a dev dependency, two project roots, a
 * dependent the file does not hold), two requirements files without a graph sharing a package.
 */
import type { Dependency } from '../../src/deps/model.js';
import type { ChangeRecord, ManifestInventory, Report } from '../../src/evaluation/report.js';
import type { SbomMeta } from '../../src/report/sbom-components.js';

export const META: SbomMeta = { toolVersion: '1.2.3', repository: 'acme/app', commit: 'c'.repeat(40), timestamp: '2026-03-01T00:00:00Z' };

const LOCK = 'package-lock.json';
const npm = (name: string, version: string, extra: Partial<Dependency> = {}): Dependency => ({
  ecosystem: 'npm',
  name,
  version,
  purl: `pkg:npm/${name}@${version}`,
  manifest: LOCK,
  scope: 'runtime',
  direct: false,
  ...extra,
});
const pypi = (manifest: string, name: string, version: string, extra: Partial<Dependency> = {}): Dependency => ({
  ecosystem: 'pypi',
  name,
  version,
  purl: `pkg:pypi/${name}@${version}`,
  manifest,
  scope: 'unknown',
  direct: true,
  ...extra,
});

export const SHA512 = 'ab'.repeat(64);
export const SHA1 = 'cd'.repeat(20);

export const NPM_DEPENDENCIES: Dependency[] = [
  npm('express', '4.18.2', { direct: true, requiredBy: ['workspace:.'], license: 'MIT', hashes: [{ algorithm: 'sha512', value: SHA512 }] }),
  npm('jest', '29.0.0', { direct: true, scope: 'development', requiredBy: ['workspace:.'] }),
  npm('chalk', '5.3.0', { direct: true, requiredBy: ['workspace:packages/a'], license: 'MIT' }),
  npm('accepts', '1.3.8', { requiredBy: ['express'], license: 'MIT', hashes: [{ algorithm: 'sha1', value: SHA1 }] }),
  npm('debug', '2.6.9', { requiredBy: ['express'], license: 'MIT' }),
  npm('debug', '4.3.4', { scope: 'development', requiredBy: ['jest'], license: 'MIT' }),
  npm('ms', '2.1.3', { requiredBy: ['debug'], license: 'MIT OR Apache-2.0' }),
  npm('left-pad', '1.3.0', { requiredBy: ['ghost'], license: 'WTFPL' }),
];

export const PYPI_DEPENDENCIES: Dependency[] = [
  pypi('requirements.txt', 'flask', '3.0.0', { scope: 'runtime' }),
  pypi('requirements.txt', 'requests', '2.31.0'),
  pypi('docs/requirements.txt', 'requests', '2.31.0', { scope: 'development' }),
];

function added(dependency: Dependency, license: Partial<ChangeRecord> = {}): ChangeRecord {
  const { ecosystem, manifest, name, purl, scope, direct, version } = dependency;
  return { change: 'added', ecosystem, manifest, name, purl, scope, direct, ...(version ? { to: version } : {}), ...license };
}

/** The change records as the pipeline writes them: the file's license, else a source's, else unchecked. */
function records(): ChangeRecord[] {
  return [...NPM_DEPENDENCIES, ...PYPI_DEPENDENCIES].map((dependency) => {
    if (dependency.name === 'jest') return added(dependency, { license: 'MIT', licenseSource: 'npm registry' });
    if (dependency.name === 'flask') return added(dependency, { license: 'BSD-3-Clause', licenseSource: 'deps.dev', declaredLicense: 'BSD' });
    if (dependency.license === undefined) return added(dependency, { licenseUnchecked: 'offline' });
    return added(dependency, { license: dependency.license, licenseSource: dependency.manifest });
  });
}

function inventory(): ManifestInventory[] {
  return [
    { path: LOCK, ecosystem: 'npm', dependencies: NPM_DEPENDENCIES },
    { path: 'requirements.txt', ecosystem: 'pypi', dependencies: PYPI_DEPENDENCIES.filter((d) => d.manifest === 'requirements.txt') },
    { path: 'docs/requirements.txt', ecosystem: 'pypi', dependencies: PYPI_DEPENDENCIES.filter((d) => d.manifest === 'docs/requirements.txt') },
  ];
}

export function sbomReport(options: { reversed?: boolean } = {}): Report {
  const reverse = <T>(list: T[]): T[] => (options.reversed ? [...list].reverse() : list);
  return {
    schemaVersion: 1,
    conclusion: 'success',
    base: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    head: META.commit,
    manifests: [],
    changes: reverse(records()),
    findings: [],
    inventory: reverse(inventory()).map((manifest) => ({ ...manifest, dependencies: reverse([...manifest.dependencies]) })),
  };
}
