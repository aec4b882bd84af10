/**
 * `ospo-gatekeeper sbom`: the SBOM of a ref, CycloneDX 1.6 or SPDX 2.3 JSON. The same pipeline as
 * `check`, from nothing (the empty tree) to the ref, so every dependency is `added` and carries
 * the license this run concluded. Exit 0 with the document written; 2 on any error (one line).
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { todayFrom } from '../clock.js';
import type { Report } from '../evaluation/report.js';
import { evaluateChange } from '../evaluation/pipeline.js';
import { EMPTY_TREE, gitSnapshot, originUrl, resolveRef } from '../local/git.js';
import { factSourcesFromEnv, isOffline } from '../metadata/config.js';
import type { SbomMeta } from '../report/sbom-components.js';
import { renderCycloneDx } from '../report/sbom-cyclonedx.js';
import { renderSpdx } from '../report/sbom-spdx.js';
import { cliCache, openCheckout, readPolicy } from './check.js';
import { parseOptions, UsageError, type CliIo } from './io.js';
import { SBOM_USAGE } from './usage.js';

const RENDERERS: Record<string, (report: Report, meta: SbomMeta) => string> = { cyclonedx: renderCycloneDx, spdx: renderSpdx };

export async function sbom(args: string[], io: CliIo, version: string): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { dir: { type: 'string' }, ref: { type: 'string' }, format: { type: 'string' }, output: { type: 'string' }, policy: { type: 'string' }, offline: { type: 'boolean' } },
    SBOM_USAGE,
  );
  if (values.help) {
    io.stdout(`${SBOM_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`sbom takes no positional arguments (got ${positionals.join(' ')})`);
  const format = String(values.format ?? 'cyclonedx');
  const render = RENDERERS[format];
  if (!render) throw new UsageError(`--format must be one of ${Object.keys(RENDERERS).join(', ')}`);
  // Environment first: a bad variable is exit 2 before any work.
  const timestamp = sbomTimestamp(io.env, new Date());
  const sources = factSourcesFromEnv(io.env, { offline: values.offline === true || isOffline(io.env) });
  const checkout = openCheckout(resolve(io.cwd, String(values.dir ?? '.')));
  const head = resolveRef(checkout.root, String(values.ref ?? 'HEAD'));
  if (head === EMPTY_TREE) throw new UsageError('--ref must name a commit (the empty tree has no dependencies)');
  // No base side: the policy is the one committed at the ref described.
  const { policy } = await readPolicy(checkout.root, head, values.policy === undefined ? undefined : String(values.policy), io, version);
  const cache = cliCache(io);
  const within = [checkout.prefix];
  const report = await evaluateChange({
    base: gitSnapshot(checkout.root, EMPTY_TREE, within),
    head: gitSnapshot(checkout.root, head, within),
    policy,
    today: timestamp.slice(0, 10),
    sources,
    ...(cache ? { cache } : {}),
  }).finally(() => cache?.close());
  tellIncomplete(report, io);
  const meta: SbomMeta = { toolVersion: version, repository: originUrl(checkout.root) ?? basename(checkout.root), commit: head, timestamp };
  const document = render(report, meta);
  if (values.output === undefined) io.stdout(document);
  else writeAtomically(resolve(io.cwd, String(values.output)), document);
  return 0;
}

/** `OSPO_NOW` as midnight UTC of its date (reproducible runs), else the clock, to the second. */
export function sbomTimestamp(env: NodeJS.ProcessEnv, now: Date): string {
  if (env.OSPO_NOW) return `${todayFrom(env, now)}T00:00:00Z`;
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What the document does not hold is said on stderr: manifests that could not be read, licenses not looked up. */
function tellIncomplete(report: Report, io: CliIo): void {
  for (const finding of report.findings) {
    if (finding.rule.startsWith('manifest/')) io.stderr(`ospo-gatekeeper: warning: ${finding.path ?? ''}${finding.path ? ': ' : ''}${finding.message}\n`);
  }
  if (report.conclusion === 'neutral' && report.conclusionReason) io.stderr(`ospo-gatekeeper: note: ${report.conclusionReason}\n`);
}

/** A temporary file beside the target, then a rename: a reader never sees half a document. */
function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
