/**
 * `ospo-gatekeeper explain PURL|LICENSE`: the decision the policy makes about a license or a
 * package, the rule that makes it and where that rule stands in each layer. The policy is found
 * and read as `check` reads it. Exit 0 when explained; 2 on a usage or policy error.
 */
import { resolve } from 'node:path';
import { todayFrom } from '../clock.js';
import { defaultBase, resolveRef } from '../local/git.js';
import { explain, placeText, type Explanation, type LicenseJudgement, type Setting } from '../policy/explain.js';
import { dependencyOf, type ExceptionUse, type PackageExplanation } from '../policy/explain-package.js';
import { loadPolicyLayers } from '../policy/load.js';
import { policyErrorLines } from '../report/policy.js';
import { openCheckout, readPolicySource } from './check.js';
import { parseOptions, UsageError, type CliIo } from './io.js';
import { EXPLAIN_USAGE } from './usage.js';

/** The JSON output's version: fields are only ever added. */
const EXPLAIN_SCHEMA_VERSION = 1;

export async function explainCommand(args: string[], io: CliIo, version: string): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { policy: { type: 'string' }, org: { type: 'string' }, path: { type: 'string' }, license: { type: 'string' }, format: { type: 'string' }, dir: { type: 'string' }, base: { type: 'string' } },
    EXPLAIN_USAGE,
  );
  if (values.help) {
    io.stdout(`${EXPLAIN_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`explain takes one package URL or license (got ${positionals.length})\n\n${EXPLAIN_USAGE}`);
  const text = positionals[0] as string;
  const format = String(values.format ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be one of text, json');
  const isPackage = text.startsWith('pkg:');
  if (isPackage && dependencyOf(text) === undefined) throw new UsageError(`${text} is not a valid package URL (pkg:type/namespace/name@version)`);
  if (!isPackage && values.license !== undefined) throw new UsageError('--license goes with a package URL; a license is explained as the subject itself');
  const today = todayFrom(io.env, new Date());

  const policyFile = values.policy === undefined ? undefined : String(values.policy);
  const source = await readPolicySource(policyFile, () => committedAt(io, values.dir, values.base), io, version);
  // The organization's file (its `.github` repository's, checked out or copied): the layer below, with its locks.
  const org = values.org === undefined ? undefined : await readPolicySource(String(values.org), () => committedAt(io, values.dir, values.base), io, version);
  const loaded = loadPolicyLayers({ ...(org ? { org } : {}), ...(source ? { repo: source } : {}) });
  if (!loaded.ok) throw new UsageError(`the policy is invalid:\n${policyErrorLines(loaded.errors)}`);
  const subject = isPackage ? { kind: 'package' as const, purl: text, ...(values.license !== undefined ? { license: String(values.license) } : {}) } : { kind: 'license' as const, license: text };
  const explanation = explain({ layers: loaded.layers, policy: loaded.policy, subject, today, ...(values.path !== undefined ? { manifest: String(values.path) } : {}) });
  io.stdout(format === 'json' ? `${JSON.stringify({ schemaVersion: EXPLAIN_SCHEMA_VERSION, today, ...explanation }, null, 2)}\n` : renderExplanation(explanation, today));
  return 0;
}

/** The repository and base ref whose committed policy applies when no --policy is given, as `check` picks them. */
function committedAt(io: CliIo, dir: unknown, base: unknown): { root: string; base: string } {
  const checkout = openCheckout(resolve(io.cwd, String(dir ?? '.')));
  const head = resolveRef(checkout.root, 'HEAD');
  return { root: checkout.root, base: base !== undefined ? resolveRef(checkout.root, String(base)) : defaultBase(checkout.root, head) };
}

export function renderExplanation(explanation: Explanation, today: string): string {
  const lines = [`${explanation.subject.text}`, `policy: ${explanation.sources.join(' + ')}`, `decision: ${decisionText(explanation)}`];
  if (explanation.path) {
    const { manifest, ignoredBy, override, notApplied } = explanation.path;
    if (ignoredBy) lines.push(`path ${manifest}: ignored by ${ignoredBy.key} "${ignoredBy.entry}" at ${placeText(ignoredBy.at)}`);
    if (override) lines.push(`path ${manifest}: the license rules of ${override.key} "${override.entry}" at ${placeText(override.at)} apply`);
    for (const entry of notApplied) lines.push(`path ${manifest}: ${entry.key} "${entry.entry}" at ${placeText(entry.at)} matches too, but the first matching entry applies`);
    if (!ignoredBy && !override) lines.push(`path ${manifest}: no paths entry covers it; the policy's license rules apply`);
  }
  if (explanation.package) lines.push(...packageLines(explanation.package, today));
  for (const judgement of explanation.licenses) lines.push(...judgementLines(judgement));
  lines.push(...settingLines(explanation.mode));
  for (const lock of explanation.locks) lines.push(`locked: ${lock.key} by ${placeText(lock.at)} (a repository may tighten it, never loosen it)`);
  for (const note of explanation.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

function decisionText(explanation: Explanation): string {
  switch (explanation.decision) {
    case 'pass':
      return 'pass: nothing reported';
    case 'warning':
      return 'warning';
    case 'error':
      return 'error: the check fails';
    case 'depends-on-license':
      return "depends on the package's license (see the categories below)";
  }
}

function judgementLines(judgement: LicenseJudgement): string[] {
  const under = judgement.match === undefined ? 'licenses' : `${judgement.rules} "${judgement.match}"${judgement.at ? ` at ${placeText(judgement.at)}` : ''}`;
  const lines = [`${under}: ${judgement.expression ?? 'license'} is ${verdictText(judgement)} (${judgement.outcome})`];
  for (const entry of judgement.deciding) {
    const verb = judgement.verdict === 'denied' ? 'denies' : 'allows';
    lines.push(`  ${entry.key} ${entry.entry} at ${placeText(entry.at)} ${verb} ${(entry.covers ?? []).join(', ')}`);
  }
  for (const setting of judgement.settings) lines.push(...settingLines(setting).map((line) => `  ${line}`));
  return lines;
}

function verdictText(judgement: LicenseJudgement): string {
  if (judgement.verdict === 'allowed') return 'allowed';
  if (judgement.verdict === 'unknown') return `unknown: ${judgement.reason ?? 'the policy does not classify it'}`;
  const terms = (judgement.terms ?? []).join(', ');
  const detail = judgement.reason ? `; ${judgement.reason}` : '';
  return judgement.because === 'denied' ? `denied: the policy denies ${terms}${detail}` : `denied: ${terms} not in the allow list${detail}`;
}

function settingLines(setting: Setting): string[] {
  // Merged lists are categories expanded (dozens of ids): the lines below show them as written.
  const value = setting.value === undefined ? 'not set' : Array.isArray(setting.value) ? `${setting.value.length} SPDX id${setting.value.length === 1 ? '' : 's'}` : setting.value;
  const lines = [`${setting.key}: ${value}: ${setting.why}`];
  for (const { key, value: written, at } of setting.setBy) lines.push(`  set at ${placeText(at)}: ${key}: ${Array.isArray(written) ? `[${written.join(', ')}]` : written}`);
  return lines;
}

function packageLines(explained: PackageExplanation, today: string): string[] {
  const lines: string[] = [];
  if (explained.denied.length === 0) lines.push('packages.deny: no entry names it');
  for (const entry of explained.denied) lines.push(`packages.deny: ${entry.key} ${entry.entry} at ${placeText(entry.at)} denies it${entry.reason ? `: ${entry.reason}` : ''}`);
  if (explained.exceptions.length === 0) lines.push('exceptions: none names it');
  for (const exception of explained.exceptions) lines.push(exceptionLine(exception, today));
  if (explained.categories) {
    const shown = explained.categories.map(({ category, allowed, denied, unknown }) => {
      const total = allowed + denied + unknown;
      const verdict = allowed === total ? 'allowed' : denied === total ? 'denied' : unknown === total ? 'unknown' : `${allowed} of ${total} allowed, ${denied} denied, ${unknown} unknown`;
      return `${category}: ${verdict}`;
    });
    lines.push(`license categories under the rules that apply: ${shown.join('; ')}`);
  }
  return lines;
}

function exceptionLine(exception: ExceptionUse, today: string): string {
  const status = {
    active: 'lets it through the license rules',
    expired: 'has expired, so it does not apply',
    'license-differs': `does not apply: it is for the license ${exception.license ?? ''}`,
    'if-license': `lets it through the license rules while its license is ${exception.license ?? ''}`,
    'record-only': `covers only the vulnerability record ${exception.id ?? ''}, no other rule`,
  }[exception.status];
  const expiry =
    exception.expires === undefined || exception.daysLeft === undefined
      ? ''
      : exception.daysLeft >= 0
        ? ` (expires ${exception.expires}, in ${exception.daysLeft} days from ${today})`
        : ` (expired ${exception.expires}, ${-exception.daysLeft} days before ${today})`;
  const approved = exception.approvedBy ? `, approved by ${exception.approvedBy}` : '';
  return `exception: ${exception.key} ${exception.package} at ${placeText(exception.at)} ${status}${expiry}: ${exception.reason}${approved}`;
}
