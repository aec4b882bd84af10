/**
 * The CLI's JSON report for every base/head pair of ../shared/corpus, for "behaviour unchanged"
 * checks across a refactor: run it with two builds and diff the outputs.
 *
 *   node dist/bench/corpus-json.js [DIST] > after.json     (DIST: a build's dist folder, default this one)
 *
 * Each pair becomes a throwaway git repository (base commit, head commit) in which the build's
 * CLI runs `check --base <base> --head <head> --offline --format json` under the strict preset
 * (so licenses and packages are judged, not only read), once more with `--base empty` (the
 * head's whole inventory), and the change again as text, markdown and SARIF. OSPO_NOW pins the date. One JSON object on stdout, keyed by pair.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dist = resolve(process.argv[2] ?? resolve(here, '..'));
const corpus = resolve(root, '..', 'shared', 'corpus');
const policy = resolve(root, 'policies', 'strict.yml');

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=corpus', '-c', 'user.email=corpus@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    // Fixed dates: the same files give the same commit ids, so two runs' reports compare equal.
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  }).trim();

function commitSide(repo: string, side: string): string {
  for (const name of readdirSync(repo)) if (name !== '.git') rmSync(join(repo, name), { recursive: true, force: true });
  cpSync(side, repo, { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--allow-empty', '-m', side);
  return git(repo, 'rev-parse', 'HEAD');
}

function runCheck(repo: string, base: string, head: string, format = 'json'): unknown {
  const result = spawnSync(process.execPath, [join(dist, 'src', 'cli.js'), 'check', '--dir', repo, '--base', base, '--head', head, '--offline', '--format', format, '--policy', policy], {
    encoding: 'utf8',
    env: { ...process.env, OSPO_NOW: '2026-06-01', NO_COLOR: '1' },
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0 && result.status !== 1) return { exitCode: result.status, stderr: result.stderr };
  // The repository's temporary path is in the report's paths nowhere, but guard anyway.
  const stdout = result.stdout.split(repo).join('<repo>');
  return { exitCode: result.status, report: format === 'json' || format === 'sarif' ? (JSON.parse(stdout) as unknown) : stdout };
}

function pairs(): string[] {
  const found: string[] = [];
  for (const ecosystem of readdirSync(corpus, { withFileTypes: true })) {
    if (!ecosystem.isDirectory()) continue;
    for (const slug of readdirSync(join(corpus, ecosystem.name), { withFileTypes: true })) {
      const dir = join(corpus, ecosystem.name, slug.name);
      if (slug.isDirectory() && existsSync(join(dir, 'base')) && existsSync(join(dir, 'head'))) found.push(`${ecosystem.name}/${slug.name}`);
    }
  }
  return found.sort();
}

const output: Record<string, unknown> = {};
for (const pair of pairs()) {
  const repo = mkdtempSync(join(tmpdir(), 'corpus-json-'));
  try {
    git(repo, 'init', '-q');
    const base = commitSide(repo, join(corpus, pair, 'base'));
    const head = commitSide(repo, join(corpus, pair, 'head'));
    output[pair] = {
      change: runCheck(repo, base, head),
      inventory: runCheck(repo, 'empty', head),
      ...Object.fromEntries(['text', 'markdown', 'sarif'].map((format) => [format, runCheck(repo, base, head, format)])),
    };
    process.stderr.write(`corpus-json: ${pair}\n`);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}
process.stdout.write(`${JSON.stringify(output, null, 1)}\n`);
