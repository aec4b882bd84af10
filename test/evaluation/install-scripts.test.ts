import { describe, expect, it } from '@jest/globals';
import { evaluateChange } from '../../src/evaluation/pipeline.js';
import { memorySnapshot } from '../../src/evaluation/snapshot.js';
import { loadPolicy } from '../../src/policy/load.js';

const lock = (packages: Record<string, object>) =>
  JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: Object.fromEntries(Object.keys(packages).map((name) => [name, '*'])) }, ...Object.fromEntries(Object.entries(packages).map(([name, entry]) => [`node_modules/${name}`, entry])) } }, null, 2);

/** A lockfileVersion 6.0 pnpm-lock.yaml of one project: each package listed as a dependency, its entry's extra lines as given. */
const pnpmLock = (packages: Record<string, string[]>) =>
  [
    "lockfileVersion: '6.0'",
    '',
    'dependencies:',
    ...Object.keys(packages).flatMap((id) => {
      const at = id.lastIndexOf('@');
      return [`  ${id.slice(0, at)}:`, `    specifier: ^${id.slice(at + 1)}`, `    version: ${id.slice(at + 1)}`];
    }),
    '',
    'packages:',
    ...Object.entries(packages).flatMap(([id, extra]) => ['', `  /${id}:`, '    resolution: {integrity: sha512-x}', ...extra.map((line) => `    ${line}`), '    dev: false']),
    '',
  ].join('\n');

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

  it('warns on a new pnpm package whose entry says requiresBuild: true, and on an upgrade to a version that runs them', async () => {
    const loaded = loadPolicy({ repo: { path: '.github/ospo-gatekeeper.yml', text: 'supply-chain:\n  install-scripts: warn\n' } });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    // Base: left-pad 1.3.0 and core-js 3.30.0 (no scripts). Head: left-pad unchanged, core-js upgraded to a
    // version that runs its postinstall, and sharp added with requiresBuild: two warnings, nothing on left-pad.
    const base = memorySnapshot('base', new Map([['pnpm-lock.yaml', pnpmLock({ 'left-pad@1.3.0': [], 'core-js@3.30.0': [] })]]));
    const head = memorySnapshot(
      'head',
      new Map([['pnpm-lock.yaml', pnpmLock({ 'left-pad@1.3.0': [], 'core-js@3.31.0': ['requiresBuild: true'], 'sharp@0.33.5': ['requiresBuild: true'] })]]),
    );
    const report = await evaluateChange({ base, head, policy: loaded.policy, today: '2026-01-15', sources: [] });
    const findings = report.findings.filter((finding) => finding.rule === 'package/install-script');
    expect(findings.map((finding) => [finding.severity, finding.purl, finding.path])).toEqual([
      ['warning', 'pkg:npm/core-js@3.31.0', 'pnpm-lock.yaml'],
      ['warning', 'pkg:npm/sharp@0.33.5', 'pnpm-lock.yaml'],
    ]);
  });

  it('says nothing for a pnpm package under the default policy (install scripts allowed)', async () => {
    const loaded = loadPolicy({});
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const base = memorySnapshot('base', new Map([['pnpm-lock.yaml', pnpmLock({ 'left-pad@1.3.0': [] })]]));
    const head = memorySnapshot('head', new Map([['pnpm-lock.yaml', pnpmLock({ 'left-pad@1.3.0': [], 'sharp@0.33.5': ['requiresBuild: true'] })]]));
    const report = await evaluateChange({ base, head, policy: loaded.policy, today: '2026-01-15', sources: [] });
    expect(report.findings.filter((finding) => finding.rule === 'package/install-script')).toEqual([]);
  });
});
