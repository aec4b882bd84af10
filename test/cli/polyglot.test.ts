import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli.js';
import type { Report } from '../../src/evaluation/report.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Where each fixture goes in the polyglot repository, and the ecosystem that must read it. */
const LAYOUT: [fixture: string, path: string, ecosystem: string][] = [
  ['npm/lock-v3.json', 'package-lock.json', 'npm'],
  ['yarn/classic.lock', 'web/yarn.lock', 'yarn'],
  ['yarn/classic-package.json', 'web/package.json', 'yarn'],
  ['pnpm/lock-v9.yaml', 'tools/pnpm-lock.yaml', 'pnpm'],
  ['bun/bun.lock', 'edge/bun.lock', 'bun'],
  ['bun/package.json', 'edge/package.json', 'bun'],
  ['go/go.mod', 'svc/go.mod', 'go'],
  ['cargo/lock-v1.lock', 'rust/Cargo.lock', 'cargo'],
  ['cargo/demo.Cargo.toml', 'rust/Cargo.toml', 'cargo'],
  ['rubygems/Gemfile.lock', 'ruby/Gemfile.lock', 'rubygems'],
  ['composer/composer.lock', 'php/composer.lock', 'composer'],
  ['composer/composer.json', 'php/composer.json', 'composer'],
  ['maven/pom.xml', 'java/pom.xml', 'maven'],
  ['gradle/gradle.lockfile', 'kotlin/gradle.lockfile', 'gradle'],
  ['nuget/packages.lock.json', 'dotnet/packages.lock.json', 'nuget'],
  ['pip/requirements.txt', 'py/requirements.txt', 'pip'],
  ['poetry/poetry.lock', 'poetry/poetry.lock', 'poetry'],
  ['poetry/pyproject.toml', 'poetry/pyproject.toml', 'poetry'],
  ['pipenv/Pipfile.lock', 'pipenv/Pipfile.lock', 'pipenv'],
  ['uv/uv.lock', 'uvproj/uv.lock', 'uv'],
  ['uv/pyproject.toml', 'uvproj/pyproject.toml', 'uv'],
  ['github-actions/ci.yml', '.github/workflows/ci.yml', 'github-actions'],
];

describe('check on a polyglot repository', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ospo-polyglot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args]).toString().trim();

  it('finds and evaluates every ecosystem in one run, and keeps going past a broken lockfile', async () => {
    git('init', '-q', '-b', 'main');
    for (const [fixture, path] of LAYOUT) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      cpSync(join(FIXTURES, fixture), join(dir, path));
    }
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken/Cargo.lock'), '[[package]]\nname = "x"\nversion = \n');
    git('add', '-A');
    git('commit', '-q', '-m', 'polyglot');

    let stdout = '';
    const code = await runCli(['check', '--dir', dir, '--base', 'empty', '--format', 'json'], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      env: { OSPO_OFFLINE: '1' },
      isTty: false,
      cwd: dir,
    });
    const report = JSON.parse(stdout) as Report;
    expect(code).toBe(1); // the broken lockfile is an error finding

    const expectedEcosystems = [...new Set(LAYOUT.map(([, , ecosystem]) => ecosystem))].sort();
    expect([...new Set(report.manifests.map((m) => m.ecosystem))].sort()).toEqual(expectedEcosystems);
    for (const manifest of report.manifests) expect(manifest.packages).toBeGreaterThan(0);
    // Every ecosystem contributed added packages, each pointing at a file of its own.
    for (const ecosystem of expectedEcosystems) {
      const changes = report.changes.filter((change) => change.ecosystem === ecosystem);
      expect({ ecosystem, count: changes.length > 0 }).toEqual({ ecosystem, count: true });
      const paths = LAYOUT.filter(([, , e]) => e === ecosystem).map(([, path]) => path);
      for (const change of changes) expect(paths).toContain(change.manifest);
    }
    expect(report.findings.filter((f) => f.rule === 'manifest/unparsable')).toEqual([
      expect.objectContaining({ path: 'broken/Cargo.lock', line: 3, severity: 'error' }),
    ]);
    expect(readFileSync(join(dir, 'broken/Cargo.lock'), 'utf8')).toContain('version ='); // nothing rewritten
  });
});
