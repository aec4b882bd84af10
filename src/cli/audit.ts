/**
 * `ospo-gatekeeper audit OWNER/REPO`: the app's settings audit, run from a terminal with
 * GITHUB_TOKEN (GITHUB_API_URL for GitHub Enterprise Server), through the same adapter and rules.
 * Read-only: no check run, no issue. Exit 0: every requirement met or not verifiable; 1: one
 * failed; 2: usage, policy or environment error, or the audit could not be done.
 */
import { resolve } from 'node:path';
import { AuditStepError, prepareAudit } from '../jobs/settings-audit.js';
import { resolveExtends } from '../policy/chain.js';
import { loadPolicy } from '../policy/load.js';
import { AUDIT_REPORTERS, auditReporterById } from '../report/audit-reporters.js';
import { policyErrorLines } from '../report/policy.js';
import { parseOptions, UsageError, type CliIo } from './io.js';
import { cliGitHub } from './github-client.js';
import { readLocalPolicy } from './policy-file.js';
import { cliPolicyReader } from './policy-reader.js';
import { AUDIT_USAGE } from './usage.js';

export async function audit(args: string[], io: CliIo, version: string): Promise<number> {
  const { values, positionals } = parseOptions(args, { policy: { type: 'string' }, format: { type: 'string' } }, AUDIT_USAGE);
  if (values.help) {
    io.stdout(`${AUDIT_USAGE}\n`);
    return 0;
  }
  const [target, ...extra] = positionals;
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(target ?? '');
  if (!match || extra.length > 0) throw new UsageError(`audit takes one OWNER/REPO (got ${positionals.join(' ') || 'nothing'})\n\n${AUDIT_USAGE}`);
  const reporter = auditReporterById(String(values.format ?? 'text'));
  if (!reporter) throw new UsageError(`--format must be one of ${AUDIT_REPORTERS.map((known) => known.id).join(', ')}`);
  const token = io.env.GITHUB_TOKEN;
  if (!token) throw new UsageError('audit reads the settings through the GitHub API: set GITHUB_TOKEN (a token that may read the repository\'s administration settings sees the most)');
  const github = cliGitHub(token, io.env, version);
  const policy = values.policy === undefined ? undefined : await localPolicy(String(values.policy), io, version);
  const repo = { owner: match[1] as string, repo: match[2] as string };
  let prepared;
  try {
    prepared = await prepareAudit(github, { repo, ...(policy ? { policy } : {}) });
  } catch (error) {
    throw new UsageError(error instanceof AuditStepError ? `${repo.owner}/${repo.repo}: ${error.message}` : String(error));
  }
  if (!prepared.audited) {
    io.stderr(`ospo-gatekeeper: ${repo.owner}/${repo.repo} was not audited: ${prepared.reason}\n`);
    return 0;
  }
  io.stdout(reporter.render(prepared.report, { policySources: prepared.policySources, sha: prepared.headSha }));
  return prepared.report.conclusion === 'failure' ? 1 : 0;
}

async function localPolicy(path: string, io: CliIo, version: string) {
  const read = readLocalPolicy(resolve(io.cwd, path));
  if (!read.ok) throw new UsageError(`cannot read policy ${path}: ${read.reason}`);
  const loaded = loadPolicy({ repo: await resolveExtends({ path, text: read.text }, cliPolicyReader(io, version, { kind: 'disk' })) });
  if (!loaded.ok) throw new UsageError(`the policy is invalid:\n${policyErrorLines(loaded.errors)}`);
  return loaded.policy;
}
