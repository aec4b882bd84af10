/**
 * The check run of a pull request as data: title, summary, annotations and conclusion, decided
 * here and published by src/github (which knows the API, not the wording). Pure.
 */
import type { Report } from '../evaluation/report.js';
import type { PolicyError } from '../policy/types.js';
import type { DiffLines } from './diff.js';
import { formatMarkdown, formatPolicyErrors, summaryTitle } from './markdown.js';
import { annotationsFor } from './placement.js';
import { policyAnnotations, policyChangeSection, policyChangeTitle, VALID_POLICY_CHANGE } from './policy.js';

/** One check-run annotation, in the shape of GitHub's checks API. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  /** 1-based; GitHub accepts columns only when start_line equals end_line. */
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

export type CheckConclusion = 'success' | 'failure' | 'neutral';

export interface CheckRunPlan {
  title: string;
  summary: string;
  /** At most `maxAnnotations`, the policy's first (they are never the ones cut). */
  annotations: Annotation[];
  conclusion: CheckConclusion;
}

/** A pull request's change of the policy file, validated as it would load after merge. */
export interface ProposedPolicy {
  /** Empty: the new policy is valid. */
  errors: PolicyError[];
  /** The name the changed file's errors carry (for annotations). */
  ownPath: string;
  /** The file is the organization default (the PR is in `<owner>/.github`). */
  orgDefault: boolean;
}

export interface EvaluatedRunInput {
  report: Report;
  diff: DiffLines;
  policySources: readonly string[];
  /** Paths of policy files the pull request changes. */
  policyChanges: readonly string[];
  proposed?: ProposedPolicy;
  /** Lines for the summary, under the verdict (superseded, review not posted...). */
  notes: readonly string[];
  maxAnnotations: number;
}

/** The check run of an evaluated pull request. A broken policy change fails it, whatever the dependencies. */
export function planEvaluatedRun(input: EvaluatedRunInput): CheckRunPlan {
  const { report, proposed } = input;
  const proposedInvalid = proposed !== undefined && proposed.errors.length > 0;
  const annotations = [...(proposed ? policyAnnotations(proposed.errors, proposed.ownPath) : []), ...annotationsFor(report.findings, input.diff)];
  const notes = [...input.notes];
  if (annotations.length > input.maxAnnotations) notes.push(`${annotations.length - input.maxAnnotations} more annotations were not attached; every problem is in the table below.`);
  if (proposed && !proposedInvalid) notes.push(VALID_POLICY_CHANGE);
  const section = proposedInvalid ? policyChangeSection(proposed.errors, proposed.orgDefault) : undefined;
  const details = formatMarkdown(report, {
    policySources: input.policySources,
    policyChanges: input.policyChanges,
    notes,
    ...(section ? { maxLength: 65_000 - section.length - 2 } : {}),
  });
  return {
    title: proposedInvalid ? policyChangeTitle(proposed.errors, summaryTitle(report)) : summaryTitle(report),
    summary: section ? `${section}\n\n${details}` : details,
    annotations: annotations.slice(0, input.maxAnnotations),
    conclusion: proposedInvalid ? 'failure' : report.conclusion,
  };
}

/**
 * The check run when the policy itself does not load: nothing is judged. The base errors' lines
 * are the base file's: when the pull request changes the file, its head version is annotated.
 */
export function planPolicyFailure(errors: readonly PolicyError[], ownPath: string, proposed: ProposedPolicy | undefined, maxAnnotations: number): CheckRunPlan {
  const proposedInvalid = proposed !== undefined && proposed.errors.length > 0;
  const summary = [formatPolicyErrors(errors), ...(proposed ? [proposedInvalid ? policyChangeSection(proposed.errors, proposed.orgDefault) : `> ${VALID_POLICY_CHANGE}`] : [])].join('\n\n');
  const annotations = proposed ? policyAnnotations(proposed.errors, proposed.ownPath) : policyAnnotations(errors, ownPath);
  return { title: 'The policy does not load', summary, annotations: annotations.slice(0, maxAnnotations), conclusion: 'failure' };
}

/** The check run of a job that could not finish: neutral, saying what could not be done — never green. */
export function planUnfinished(step: string, reason: string): { title: string; summary: string } {
  return {
    title: 'Could not finish the dependency check',
    summary: [
      '### ⚠️ This pull request was not fully checked',
      '',
      `**What could not be done:** ${step} — ${reason}.`,
      '',
      'Nothing was judged, so this is not a pass. Use **Re-run** on this check once the cause is gone.',
    ].join('\n'),
  };
}
