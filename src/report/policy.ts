/**
 * Policy validation results as check run output: annotations on the policy file (line and
 * column), the pull request's "this changes the policy" section, the push check's summary. Pure.
 */
import type { Annotation } from './check-run.js';
import { POLICY_FILE } from '../policy/definition.js';
import type { PolicyError } from '../policy/types.js';
import { plural } from '../words.js';
import { fit, policyErrorTable } from './markdown.js';
import { impactIncomplete, impactSection, type PolicyImpact } from './policy-impact.js';

/**
 * One failure annotation per error in this repository's policy file. `ownPath` is the name that
 * file's errors carry (`.github/ospo-gatekeeper.yml`, or `<owner>/.github:…` in the org's
 * `.github` repository); errors in other files (the org default) can't be annotated here.
 */
export function policyAnnotations(errors: readonly PolicyError[], ownPath: string = POLICY_FILE): Annotation[] {
  return errors
    .filter((error) => error.path === ownPath)
    .map((error) => ({
      path: POLICY_FILE,
      start_line: error.line ?? 1,
      end_line: error.line ?? 1,
      ...(error.line !== undefined && error.column !== undefined ? { start_column: error.column, end_column: error.column } : {}),
      annotation_level: 'failure' as const,
      title: 'policy/invalid',
      message: error.message,
    }));
}

/** Whose checks a policy file governs: this repository's, or (the org's `.github`) every repository's. */
function governs(orgDefault: boolean): string {
  return orgDefault ? 'every repository of the organization' : 'this repository';
}

/** The pull request summary's section on an invalid policy change (errors non-empty). */
export function policyChangeSection(errors: readonly PolicyError[], orgDefault: boolean): string {
  return [
    `### ❌ This pull request changes the policy: ${plural(errors.length, 'error')} — it would break every check after merge`,
    '',
    `\`${POLICY_FILE}\` as changed here does not load${orgDefault ? '' : ' (merged over the organization default, as it would be after merge)'}, and it governs the checks of ${governs(orgDefault)}. Fix it before merging: each error is annotated on the file.`,
    '',
    policyErrorTable(errors),
  ].join('\n');
}

/** The check run title when the pull request's policy change is invalid. */
export function policyChangeTitle(errors: readonly PolicyError[], dependencyTitle: string): string {
  return `Policy change: ${plural(errors.length, 'error')} · ${dependencyTitle}`;
}

/** The note for a valid policy change. */
export const VALID_POLICY_CHANGE = `The new policy in \`${POLICY_FILE}\` is valid; it takes effect after merge.`;

/** Title and summary of the `ospo-gatekeeper / policy` check on a pushed commit. */
export function policyCheckOutput(
  result: { ok: true; sources: readonly string[]; notices?: readonly string[] } | { ok: false; errors: readonly PolicyError[] },
  context: { sha: string; orgDefault: boolean },
): { title: string; summary: string } {
  const at = `\`${context.sha.slice(0, 7)}\``;
  if (result.ok) {
    return {
      title: 'The policy is valid',
      summary: [
        `### ✅ The policy at ${at} is valid`,
        '',
        `Policy: ${result.sources.map((source) => `\`${source}\``).join(' → ')}`,
        '',
        `It now governs the checks of ${governs(context.orgDefault)}.`,
        ...noticeSection(result.notices ?? []),
      ].join('\n'),
    };
  }
  return {
    title: `The policy is invalid: ${plural(result.errors.length, 'error')}`,
    summary: fit([
      `### ❌ The policy at ${at} does not load: ${plural(result.errors.length, 'error')}`,
      '',
      `Every dependency check of ${governs(context.orgDefault)} fails until \`${POLICY_FILE}\` is fixed on the default branch.`,
      policyErrorTable(result.errors),
    ]),
  };
}

/** The notices of a valid policy (exceptions that match nothing in the tree), capped. */
function noticeSection(notices: readonly string[]): string[] {
  if (notices.length === 0) return [];
  const shown = notices.slice(0, 20).map((notice) => `- ${notice}`);
  const more = notices.length > 20 ? [`- and ${notices.length - 20} more`] : [];
  return ['', `#### ℹ️ ${plural(notices.length, 'notice')}`, '', ...shown, ...more];
}

/** `file:line:column: message`, one per line, as compilers print errors. */
export function policyErrorLines(errors: readonly PolicyError[]): string {
  return errors.map((error) => `${error.path}${error.line !== undefined ? `:${error.line}:${error.column ?? 1}` : ''}: ${error.message}`).join('\n');
}

/**
 * The `ospo-gatekeeper / policy` check of a pull request that changes the policy file: the
 * validation of the proposed file (its errors annotated by the caller) and, when it is valid, the
 * preview of its impact. `noPreview`: why there is none (the current policy does not load...).
 * Work not done makes it neutral, never a pass.
 */
export function policyPreviewCheck(input: { errors: readonly PolicyError[]; orgDefault: boolean; impact?: PolicyImpact; noPreview?: string }): { title: string; summary: string; conclusion: 'success' | 'failure' | 'neutral' } {
  if (input.errors.length > 0) {
    return {
      title: `The proposed policy is invalid: ${plural(input.errors.length, 'error')}`,
      summary: fit([policyChangeSection(input.errors, input.orgDefault), 'No impact preview: the proposed policy does not load.']),
      conclusion: 'failure',
    };
  }
  const head = `### ✅ The proposed policy is valid\n\n\`${POLICY_FILE}\` as changed here loads; after merge it governs the checks of ${governs(input.orgDefault)}.`;
  if (!input.impact) return { title: 'The proposed policy is valid · impact not previewed', summary: `${head}\n\n⚠️ **No impact preview:** ${input.noPreview ?? 'it was not made'}.`, conclusion: 'neutral' };
  const affected = input.impact.repositories.filter((repository) => repository.outcome === 'changed' || repository.outcome === 'breaks').length;
  const incomplete = impactIncomplete(input.impact);
  const verdicts = affected === 0 ? 'no verdict changes' : `${affected} ${affected === 1 ? 'repository' : 'repositories'} judged differently`;
  return {
    title: `The proposed policy is valid · ${verdicts}${incomplete ? ' · impact not fully previewed' : ''}`,
    summary: fit([head, impactSection(input.impact)]),
    conclusion: incomplete ? 'neutral' : 'success',
  };
}
