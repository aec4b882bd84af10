/**
 * `ospo-gatekeeper check`: the engine on a local checkout. Exit 0: no error finding; 1: at least
 * one (or a neutral conclusion with `--fail-on neutral`); 2: usage, policy or environment error.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { todayFrom } from '../clock.js';
import { evaluateChange } from '../evaluation/pipeline.js';
import { defaultBase, gitSnapshot, isRepository, locate, originUrl, resolveRef } from '../local/git.js';
import { factCacheFromEnv, type ConfiguredCache } from '../metadata/cache-config.js';
import { isOffline, factSourcesFromEnv } from '../metadata/config.js';
import { POLICY_FILE } from '../policy/definition.js';
import { resolveExtends } from '../policy/chain.js';
import { loadPolicy, type PolicySource } from '../policy/load.js';
import type { Policy } from '../policy/types.js';
import { policyErrorLines } from '../report/policy.js';
import { REPORTERS, reporterById } from '../report/reporter.js';
import { parseOptions, UsageError, type CliIo } from './io.js';
import { readLocalPolicy } from './policy-file.js';
import { cliPolicyReader, committedPolicy } from './policy-reader.js';
import { CHECK_USAGE } from './usage.js';

interface Checkout {
  root: string;
  /** The subtree `--dir` names (`''` for the whole repository, else `crates/index/`). */
  prefix: string;
}

export async function check(args: string[], io: CliIo, version: string): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      dir: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      policy: { type: 'string' },
      format: { type: 'string' },
      offline: { type: 'boolean' },
      'fail-on': { type: 'string' },
    },
    CHECK_USAGE,
  );
  if (values.help) {
    io.stdout(`${CHECK_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`check takes no positional arguments (got ${positionals.join(' ')})`);
  const reporter = reporterById(String(values.format ?? 'text'));
  if (!reporter) throw new UsageError(`--format must be one of ${REPORTERS.map((known) => known.id).join(', ')}`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'neutral') throw new UsageError(`--fail-on takes "neutral" (got ${failOn})`);
  // Environment first: a bad variable is exit 2 before any work.
  const today = todayFrom(io.env, new Date());
  const sources = factSourcesFromEnv(io.env, { offline: values.offline === true || isOffline(io.env) });
  const cache = cliCache(io);
  const checkout = openCheckout(resolve(io.cwd, String(values.dir ?? '.')));

  const head = resolveRef(checkout.root, String(values.head ?? 'HEAD'));
  const base = values.base !== undefined ? resolveRef(checkout.root, String(values.base)) : defaultBase(checkout.root, head);
  const within = [checkout.prefix];
  const { policy, sources: policySources } = await readPolicy(checkout.root, base, values.policy === undefined ? undefined : String(values.policy), io, version);
  const progress = progressLine(io);
  const report = await evaluateChange({
    base: gitSnapshot(checkout.root, base, within),
    head: gitSnapshot(checkout.root, head, within),
    policy,
    today,
    sources,
    ...(cache ? { cache } : {}),
    onLookupProgress: progress.update,
  }).finally(() => cache?.close());
  progress.clear();
  const repositoryUri = reporter.wantsRepositoryUri ? originUrl(checkout.root) : undefined;
  io.stdout(reporter.render(report, { colour: io.isTty && !io.env.NO_COLOR, policySources, subtree: checkout.prefix, toolVersion: version, ...(repositoryUri ? { repositoryUri } : {}) }));
  const errors = report.findings.some((finding) => finding.severity === 'error');
  return errors || (failOn === 'neutral' && report.conclusion === 'neutral') ? 1 : 0;
}

/**
 * The facts cache between runs: Redis with REDIS_URL, else on disk in the user's cache folder
 * (OSPO_CACHE_DIR to move it). An environment that names no folder at all (no HOME, no
 * XDG_CACHE_HOME, no LOCALAPPDATA: a bare CI sandbox, the tests) keeps none: the run's own memory.
 * A cache that fails is said once on stderr; the lookups go on without it.
 */
export function cliCache(io: CliIo): ConfiguredCache | undefined {
  const { env } = io;
  const home = env.HOME ?? env.USERPROFILE;
  const named = env.REDIS_URL || env.OSPO_CACHE_DIR || env.XDG_CACHE_HOME || env.LOCALAPPDATA || home;
  if (!named) return undefined;
  let told = false;
  const onError = (error: Error) => {
    if (!told) io.stderr(`ospo-gatekeeper: fact cache unavailable (${error.message}); looking facts up without it\n`);
    told = true;
  };
  return factCacheFromEnv(env, 'cli', { onError, ...(home ? { home } : {}) });
}

export function openCheckout(dir: string): Checkout {
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`--dir ${dir} does not exist`);
  }
  if (!isDirectory) throw new UsageError(`--dir ${dir} is not a directory`);
  if (!isRepository(dir)) throw new UsageError(`${dir} is not in a git repository`);
  return locate(dir);
}

/**
 * `--policy FILE`, else the policy file at the base ref (the trusted side), else the permissive
 * preset; with the files it `extends` (a local path from disk beside `--policy`, or at the base
 * ref beside the committed file).
 */
export async function readPolicy(root: string, base: string, policyFile: string | undefined, io: CliIo, version: string): Promise<{ policy: Policy; sources: string[] }> {
  const source = await readPolicySource(policyFile, () => ({ root, base }), io, version);
  const result = loadPolicy(source === undefined ? {} : { repo: source });
  if (!result.ok) throw new UsageError(`the policy is invalid:\n${policyErrorLines(result.errors)}`);
  return { policy: result.policy, sources: result.policy.sources };
}

/**
 * The policy file `check` (and `explain`) judge by, its `extends` chain read: `--policy FILE`, else
 * the committed file at the base ref of `committed()` (asked only then), else undefined (the permissive preset).
 */
export async function readPolicySource(policyFile: string | undefined, committed: () => { root: string; base: string }, io: CliIo, version: string): Promise<PolicySource | undefined> {
  if (policyFile !== undefined) {
    const read = readLocalPolicy(resolve(io.cwd, policyFile));
    if (!read.ok) throw new UsageError(`cannot read policy ${policyFile}: ${read.reason}`);
    return resolveExtends({ path: policyFile, text: read.text }, cliPolicyReader(io, version, { kind: 'disk' }));
  }
  const { root, base } = committed();
  const source = committedPolicy(root, base, POLICY_FILE);
  return source === undefined ? undefined : resolveExtends(source, cliPolicyReader(io, version, { kind: 'git', root, ref: base }));
}

/** License lookups that take over a second show `looking up licenses: 120/302` on a terminal's stderr. */
function progressLine(io: CliIo): { update: (done: number, total: number) => void; clear: () => void } {
  const started = Date.now();
  let shown = false;
  return {
    update: (done, total) => {
      if (!io.stderrIsTty || Date.now() - started < 1000) return;
      io.stderr(`\rlooking up licenses: ${done}/${total}`);
      shown = true;
    },
    clear: () => {
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}
