import { evaluateFiles } from '../helpers/evaluate-files.js';
import { describe, expect, it } from '@jest/globals';
import { loadPolicy } from '../../src/policy/load.js';
import { reporterById } from '../../src/report/reporter.js';
import { licenses } from '../../src/report/wording.js';

/** A package-lock.json v3 holding one package at a version and license. */
const lockfile = (version: string, license: string) =>
  JSON.stringify({
    name: 'app',
    lockfileVersion: 3,
    packages: { '': { name: 'app', dependencies: { a: `^${version}` } }, 'node_modules/a': { version, license } },
  });

async function upgrade(from: string, to: string) {
  const base = new Map([['package-lock.json', lockfile('1.0.0', from)]]);
  const head = new Map([['package-lock.json', lockfile('1.1.0', to)]]);
  const loaded = loadPolicy({});
  if (!loaded.ok) throw new Error('the preset must load');
  const report = await evaluateFiles(base, head, loaded.policy);
  const change = report.changes[0];
  if (!change) throw new Error('one change expected');
  return { change, report };
}

describe('evaluate: a license change is decided once, by SPDX equivalence', () => {
  it('a deprecated id and its current spelling are the same license: no change, no arrow', async () => {
    const { change } = await upgrade('GPL-2.0', 'GPL-2.0-only');
    expect(change).toMatchObject({ change: 'upgraded', from: '1.0.0', to: '1.1.0' });
    expect(change.licenseChanged).toBeUndefined();
    expect(licenses(change)).not.toContain('→');
  });

  it('another license is a change, shown from -> to', async () => {
    const { change } = await upgrade('ISC', 'BlueOak-1.0.0');
    expect(change).toMatchObject({ previousLicense: 'ISC', license: 'BlueOak-1.0.0', licenseChanged: true, licenseSource: 'package-lock.json' });
    expect(licenses(change)).toBe('ISC → BlueOak-1.0.0');
  });
});

describe('evaluate: the report carries the head inventory', () => {
  it('every head dependency by manifest, changed or not, and the JSON contract leaves it out', async () => {
    const { report } = await upgrade('MIT', 'MIT');
    expect(report.inventory?.map((manifest) => [manifest.path, manifest.ecosystem, manifest.dependencies.map((dependency) => dependency.purl)])).toEqual([
      ['package-lock.json', 'npm', ['pkg:npm/a@1.1.0']],
    ]);
    const json = JSON.parse(reporterById('json')?.render(report, { toolVersion: '0', policySources: [] }) ?? '{}') as Record<string, unknown>;
    // conclusionReason: no sources, so the vulnerabilities the policy judges were not looked up.
    expect(Object.keys(json)).toEqual(['schemaVersion', 'conclusion', 'conclusionReason', 'base', 'head', 'manifests', 'changes', 'findings']);
  });
});
