import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { nuget } from '../../../src/ecosystems/nuget/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/nuget/${name}`, import.meta.url), 'utf8');

describe('nuget packages.lock.json v1', () => {
  const result = nuget.extract([{ path: 'src/App/packages.lock.json', content: fixture('packages.lock.json') }]);

  it('reads every framework, skips Project entries, and keeps the line of each copy', () => {
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.line} ${d.direct ? 'direct' : 'transitive'}`)).toEqual([
      'Newtonsoft.Json@13.0.3 5 direct',
      'Serilog@3.1.1 11 direct',
      'System.Text.Json@8.0.4 17 transitive',
      'System.Text.Encodings.Web@8.0.0 25 transitive',
      'System.Text.Json@8.0.4 38 transitive',
      'Newtonsoft.Json@13.0.3 45 direct',
      'System.Text.Json@6.0.0 51 transitive',
    ]);
    expect(result.dependencies.every((d) => d.scope === 'runtime' && d.ecosystem === 'nuget')).toBe(true);
    // Distinct packages, not copies per framework.
    expect(result.manifests).toEqual([{ path: 'src/App/packages.lock.json', packages: 5 }]);
  });

  it('folds the copies across frameworks with mergeDuplicates, at the first line', () => {
    const merged = mergeDuplicates(result.dependencies);
    expect(merged.map((d) => d.purl)).toEqual([
      'pkg:nuget/Newtonsoft.Json@13.0.3',
      'pkg:nuget/Serilog@3.1.1',
      'pkg:nuget/System.Text.Json@8.0.4',
      'pkg:nuget/System.Text.Encodings.Web@8.0.0',
      'pkg:nuget/System.Text.Json@6.0.0',
    ]);
    expect(merged[0]).toEqual({
      ecosystem: 'nuget',
      name: 'Newtonsoft.Json',
      version: '13.0.3',
      purl: 'pkg:nuget/Newtonsoft.Json@13.0.3',
      manifest: 'src/App/packages.lock.json',
      line: 5,
      scope: 'runtime',
      direct: true,
      // The fixture's contentHash, base64 of the .nupkg's sha512, as hex.
      hashes: [{ algorithm: 'sha512', value: Buffer.from('HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==', 'base64').toString('hex') }],
    });
  });

  it('leaves out a contentHash that is not a sha512 in base64, without a problem', () => {
    const lock = { version: 1, dependencies: { net8: { Short: { type: 'Direct', resolved: '1.0.0', contentHash: 'AAAA' }, Bad: { type: 'Direct', resolved: '1.0.0', contentHash: 7 } } } };
    const read = nuget.extract([{ path: 'packages.lock.json', content: JSON.stringify(lock) }]);
    expect(read.problems).toEqual([]);
    expect(read.dependencies.map((d) => [d.name, d.hashes])).toEqual([['Short', undefined], ['Bad', undefined]]);
  });
});

describe('nuget packages.lock.json v2 (central package management)', () => {
  it('treats CentralTransitive as transitive', () => {
    const result = nuget.extract([{ path: 'packages.lock.json', content: fixture('packages.lock.v2.json') }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.line} ${d.direct}`)).toEqual([
      'Azure.Identity@1.12.0 5 true',
      'Azure.Core@1.41.0 14 false',
    ]);
  });
});

describe('nuget problems', () => {
  it('reports invalid JSON with its position and an unknown version', () => {
    const result = nuget.extract([
      { path: 'a/packages.lock.json', content: '{\n  "version": 1,\n  "dependencies": {\n    "net8.0": {,\n  }\n}\n' },
      { path: 'b/packages.lock.json', content: '{\n  "version": 3,\n  "dependencies": {}\n}\n' },
    ]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems[0]).toMatchObject({ path: 'a/packages.lock.json', line: 4, column: 16 });
    expect(result.problems[0]?.message).toMatch(/^invalid JSON/);
    expect(result.problems[1]).toEqual({ path: 'b/packages.lock.json', line: 2, message: 'unsupported packages.lock.json version 3 (supported: 1, 2)' });
  });

  it('owns packages.lock.json outside bin/obj', () => {
    expect(nuget.owns('src/App/packages.lock.json')).toBe(true);
    expect(nuget.owns('src/App/obj/packages.lock.json')).toBe(false);
    expect(nuget.owns('package-lock.json')).toBe(false);
  });
});
