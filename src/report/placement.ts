/**
 * Where each finding is shown on GitHub: a check-run annotation (any line of a file), a review
 * comment (only on a line in the PR's diff), or the review body. Hidden markers make reviews
 * idempotent across re-runs. Pure.
 */
import { createHash } from 'node:crypto';
import type { Location } from '../deps/model.js';
import type { Finding } from '../findings.js';
import type { Annotation } from './check-run.js';
import type { DiffLines } from './diff.js';
import { plural, shortSha } from '../words.js';
import { introduction, introductionText, purlLabel } from './wording.js';

export const MARKER_PREFIX = 'ospo-gatekeeper:';
const MARKER = /<!-- ospo-gatekeeper:finding=([0-9a-f]+) -->/g;
export const REVIEW_MARKER = `<!-- ${MARKER_PREFIX}review -->`;

/**
 * Every place a finding may be shown, best first: its declaration, then its lockfile entry, then
 * (a transitive dependency) where the direct dependency that brings it in is declared, so a
 * review comment can land on the line the pull request changed when the lockfile entry is not in the diff.
 */
export function candidateLocations(finding: Finding): Location[] {
  const own = finding.locations && finding.locations.length > 0 ? finding.locations : finding.path ? [{ path: finding.path, ...(finding.line !== undefined ? { line: finding.line } : {}) }] : [];
  const introducer = finding.introducedAt;
  if (!introducer || own.some((location) => sameLocation(location, introducer))) return own;
  return [...own, introducer];
}

function sameLocation(a: Location, b: Location): boolean {
  return a.path === b.path && a.line === b.line;
}

/** The first location that sits on a commentable line of the diff, if any. */
export function locationInDiff(finding: Finding, diff: DiffLines): (Location & { line: number }) | undefined {
  for (const location of candidateLocations(finding)) {
    if (location.line === undefined) continue;
    if (diff.get(location.path)?.has(location.line)) return { ...location, line: location.line };
  }
  return undefined;
}

/** A stable id for a finding across pushes: what and which package, not the (moving) line. */
export function findingId(finding: Finding): string {
  const where = candidateLocations(finding)[0]?.path ?? '';
  const what = finding.purl ?? finding.message;
  return createHash('sha256').update(`${finding.rule}\u0000${what}\u0000${where}`).digest('hex').slice(0, 16);
}

export function findingMarker(finding: Finding): string {
  return `<!-- ${MARKER_PREFIX}finding=${findingId(finding)} -->`;
}

/** The finding ids carried by markers in earlier comments or review bodies. */
export function markersIn(bodies: Iterable<string>): Set<string> {
  const ids = new Set<string>();
  for (const body of bodies) {
    for (const match of body.matchAll(MARKER)) if (match[1]) ids.add(match[1]);
  }
  return ids;
}

const LEVEL = { error: 'failure', warning: 'warning', notice: 'notice' } as const;

/**
 * One annotation per error/warning finding with a file: on its line in the diff when it has one,
 * else on its first location (line 1 when the finding names a file but no line).
 */
export function annotationsFor(findings: readonly Finding[], diff: DiffLines): Annotation[] {
  const annotations: Annotation[] = [];
  for (const finding of findings) {
    if (finding.severity === 'notice') continue;
    const location = locationInDiff(finding, diff) ?? candidateLocations(finding)[0];
    if (!location) continue;
    const line = location.line ?? 1;
    annotations.push({
      path: location.path,
      start_line: line,
      end_line: line,
      annotation_level: LEVEL[finding.severity],
      title: clip(`${finding.rule}${finding.name ? `: ${finding.name}${finding.version ? `@${shortSha(finding.version)}` : ''}` : ''}`, 255),
      message: clip([finding.message, introductionText(finding), finding.help ? `How to fix: ${finding.help}` : undefined].filter((part) => part !== undefined).join('\n\n'), 60_000),
    });
  }
  return annotations;
}

export interface ReviewPlan {
  body: string;
  comments: { path: string; line: number; body: string }[];
}

export interface ReviewInput {
  findings: readonly Finding[];
  diff: DiffLines;
  /** Finding ids already posted (markers in existing review comments and review bodies). */
  posted: ReadonlySet<string>;
  /** Link to the check run, for the review body. */
  checkRunUrl?: string;
}

/** The error findings that belong in a review: those on diff lines as comments, the rest in the body. */
export function reviewCandidates(findings: readonly Finding[], diff: DiffLines): { inDiff: Finding[]; outside: Finding[] } {
  const errors = findings.filter((finding) => finding.severity === 'error');
  const inDiff = errors.filter((finding) => locationInDiff(finding, diff) !== undefined);
  return { inDiff, outside: errors.filter((finding) => !inDiff.includes(finding)) };
}

/** The review to post, or undefined when every problem was already reported. */
export function planReview(input: ReviewInput): ReviewPlan | undefined {
  const { inDiff, outside } = reviewCandidates(input.findings, input.diff);
  const fresh = (finding: Finding) => !input.posted.has(findingId(finding));
  const seen = new Set<string>();
  const once = (finding: Finding) => {
    const id = findingId(finding);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  const comments = inDiff.filter(fresh).filter(once).map((finding) => {
    const location = locationInDiff(finding, input.diff) as Location & { line: number };
    return { path: location.path, line: location.line, body: commentBody(finding, location) };
  });
  const bodyFindings = outside.filter(fresh).filter(once);
  if (comments.length === 0 && bodyFindings.length === 0) return undefined;
  const lines = [REVIEW_MARKER, `**ospo-gatekeeper** found ${plural(comments.length + bodyFindings.length, 'new problem')} in this pull request's dependencies${input.checkRunUrl ? ` ([check run](${input.checkRunUrl}))` : ''}.`];
  if (bodyFindings.length > 0) {
    lines.push('', 'Not on a line of this diff:');
    for (const finding of bodyFindings) {
      const location = candidateLocations(finding)[0];
      const where = location ? `\`${location.path}${location.line !== undefined ? `:${location.line}` : ''}\`: ` : '';
      const introduction = introductionText(finding);
      lines.push(`- ${where}${finding.message}${introduction ? ` (${introduction})` : ''}${finding.help ? ` — ${finding.help}` : ''} ${findingMarker(finding)}`);
    }
  }
  return { body: lines.join('\n'), comments };
}

/** The comment: the finding, its chain, how to fix it; on the direct dependency's line, which package it is about. */
function commentBody(finding: Finding, location: Location): string {
  const how = introduction(finding);
  const onIntroducer = finding.introducedAt !== undefined && sameLocation(location, finding.introducedAt) && !(finding.locations ?? []).some((own) => sameLocation(own, location));
  const chain = finding.introducedBy ?? [];
  const lead =
    onIntroducer && chain.length >= 2
      ? [`This line declares \`${purlLabel(chain[0] as string)}\`, which brings in the transitive dependency \`${purlLabel(chain.at(-1) as string)}\` (its lockfile entry is not in this diff).`, '']
      : [];
  return [
    ...lead,
    `**${finding.rule}**: ${finding.message}`,
    ...(how ? ['', `**Introduced by:** ${how}`] : []),
    ...(finding.help ? ['', `**How to fix:** ${finding.help}`] : []),
    '',
    findingMarker(finding),
  ].join('\n');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
