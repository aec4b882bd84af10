import { describe, expect, it } from '@jest/globals';
import { evaluateChange } from '../../src/evaluation/pipeline.js';
import { memorySnapshot } from '../../src/evaluation/snapshot.js';
import { loadPolicy } from '../../src/policy/load.js';

const lock = (packages: Record<string, object>) =>
  JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: Object.fromEntries(Object.keys(packages).map((name) => [name, '*'])) }, ...Object.fromEntries(Object.entries(packages).map(([name, entry]) => [`node_modules/${name}`, entry])) } }, null, 2);

describe('install scripts, from the lockfile to the finding', () => {
  it('warns on a new package whose npm lockfile entry runs install scripts, under supply-chain.install-scripts: warn', async () => {
    const loaded = loadPolicy({ repo: { path: '.github/ospo-gatekeeper.yml', text: 'supply-chain:\n  install-scripts: warn\n' } });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const base = memorySnapshot('base', new Map([['package-lock.json', lock({ 'left-pad': { version: '1.3.0', license: 'MIT' } })]]));
    const head = memorySnapshot('head', new Map([['package-lock.json', lock({ 'left-pad': { version: '1.3.0', license: 'MIT' }, esbuild: { version: '0.20.2', license: 'MIT', hasInstallScript: true } })]]));
    const report = await evaluateChange({ base, head, policy: loaded.policy, today: '2026-01-15', sources: [] });
    expect(report.findings.filter((finding) => finding.rule === 'package/install-script')).toEqual([
      expect.objectContaining({ severity: 'warning', purl: 'pkg:npm/esbuild@0.20.2', path: 'package-lock.json' }),
    ]);
  });
});
