#!/usr/bin/env node
/**
 * `ospo-gatekeeper check | validate`: the engine on a local checkout (DESIGN.md "CLI" contract).
 * Exit 0: no error finding; 1: at least one; 2: usage, policy or environment error.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidNowError, todayFrom } from './clock.js';
import { evaluate } from './evaluation/run.js';
import type { Report } from './evaluation/report.js';
import { changedPaths, defaultBase, EMPTY_TREE, GitError, isRepository, listPaths, readFiles, resolveRef } from './local/git.js';
import { isOffline, licenseSourcesFromEnv } from './metadata/config.js';
import { POLICY_FILE } from './policy/definition.js';
import { loadPolicy, parsePolicyFile } from './policy/load.js';
import type { Policy, PolicyError } from './policy/types.js';
import { formatMarkdown } from './report/markdown.js';
import { formatSarif } from './report/sarif.js';
import { formatText } from './report/text.js';
import { touchedProjects } from './evaluation/compare.js';
import { isIgnoredPath } from './evaluation/judge.js';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage:
  ospo-gatekeeper check [--dir PATH] [--base REF] [--head REF] [--policy FILE]
                        [--format text|json|markdown|sarif] [--offline]
  ospo-gatekeeper validate FILE...

check     judge the dependency changes between two git refs against the policy
          (--base defaults to the merge base with the default branch, --head to HEAD;
          --base ${EMPTY_TREE.slice(0, 7)}… or --base empty counts every dependency as added)
validate  check policy files: every error with file, line and column

Exit status: 0 no error finding, 1 at least one error finding, 2 usage, policy or environment error.
Environment: OSPO_NOW (ISO date used as today), OSPO_OFFLINE=1, OSPO_NPM_REGISTRY, OSPO_DEPSDEV_URL.`;

/** A problem that ends the run with exit status 2 and a one-line message (never a stack trace). */
class UsageError extends Error {}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  cwd: string;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'check':
        return await check(rest, io);
      case 'validate':
        return validate(rest, io);
      case '--version':
      case 'version':
        io.stdout(`${packageVersion()}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof GitError || error instanceof InvalidNowError) {
      io.stderr(`ospo-gatekeeper: ${error.message}\n`);
      return 2;
    }
    io.stderr(`ospo-gatekeeper: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true } as const);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    dir: { type: 'string' },
    base: { type: 'string' },
    head: { type: 'string' },
    policy: { type: 'string' },
    format: { type: 'string' },
    offline: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`check takes no positional arguments (got ${positionals.join(' ')})`);
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const dir = resolve(io.cwd, String(values.dir ?? '.'));
  if (!isRepository(dir)) throw new UsageError(`${dir} is not a git repository`);
  const today = todayFrom(io.env, new Date());

  const head = resolveRef(dir, String(values.head ?? 'HEAD'));
  const base = values.base !== undefined ? resolveRef(dir, String(values.base)) : defaultBase(dir, head);
  const basePaths = listPaths(dir, base);
  const headPaths = listPaths(dir, head);
  const changed = base === EMPTY_TREE ? ('all' as const) : changedPaths(dir, base, head);

  const { policy, sources: policySources } = readPolicy(dir, base, values.policy === undefined ? undefined : String(values.policy), io);
  const touched = touchedProjects(basePaths, headPaths, changed, (path) => isIgnoredPath(path, policy));
  const baseFiles = readFiles(dir, base, touched.baseFiles);
  const headFiles = readFiles(dir, head, touched.headFiles);
  const offline = values.offline === true || isOffline(io.env);

  const report = await evaluate({
    baseSha: base,
    headSha: head,
    base: { read: (path) => baseFiles.get(path) },
    head: { read: (path) => headFiles.get(path) },
    projects: touched,
    policy,
    today,
    sources: licenseSourcesFromEnv(io.env, offline),
  });
  io.stdout(render(report, format, { colour: io.isTty && !io.env.NO_COLOR, policySources }));
  return report.findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

function render(report: Report, format: Format, options: { colour: boolean; policySources: string[] }): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'sarif':
      return formatSarif(report, packageVersion());
    case 'markdown':
      return `${formatMarkdown(report, { policySources: options.policySources })}\n`;
    case 'text':
      return formatText(report, options);
  }
}

/** `--policy FILE`, else the policy file at the base ref (the trusted side), else the permissive preset. */
function readPolicy(dir: string, base: string, policyFile: string | undefined, io: CliIo): { policy: Policy; sources: string[] } {
  let result;
  if (policyFile !== undefined) {
    const path = resolve(io.cwd, policyFile);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read policy ${policyFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    result = loadPolicy({ repo: { path: policyFile, text } });
  } else {
    const text = readFiles(dir, base, [POLICY_FILE]).get(POLICY_FILE);
    result = loadPolicy(text === undefined ? {} : { repo: { path: POLICY_FILE, text } });
  }
  if (!result.ok) throw new UsageError(`the policy is invalid:\n${policyErrorLines(result.errors)}`);
  return { policy: result.policy, sources: result.policy.sources };
}

function validate(files: string[], io: CliIo): number {
  const { positionals } = parse(files, {});
  if (positionals.length === 0) throw new UsageError('validate needs at least one policy file');
  let invalid = 0;
  for (const file of positionals) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      io.stderr(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      invalid++;
      continue;
    }
    const parsed = parsePolicyFile({ path: file, text });
    const loaded = parsed.ok ? loadPolicy({ repo: { path: file, text } }) : parsed;
    if (loaded.ok) io.stdout(`${file}: valid\n`);
    else {
      invalid++;
      io.stderr(`${policyErrorLines(loaded.errors)}\n`);
    }
  }
  return invalid > 0 ? 2 : 0;
}

/** `file:line:column: message`, one per line, as compilers print errors. */
function policyErrorLines(errors: readonly PolicyError[]): string {
  return errors.map((error) => `${error.path}${error.line !== undefined ? `:${error.line}:${error.column ?? 1}` : ''}: ${error.message}`).join('\n');
}

function packageVersion(): string {
  const root = new URL(import.meta.url.includes('/dist/') ? '../../package.json' : '../package.json', import.meta.url);
  return (JSON.parse(readFileSync(root, 'utf8')) as { version: string }).version;
}

// Run when executed (also through the npm bin symlink), not when imported by tests.
const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${realpathSync(process.argv[1])}`).href;
if (invokedDirectly) {
  // `ospo-gatekeeper check | head`: a closed pipe ends the output, not in a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const code = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
