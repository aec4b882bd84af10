/**
 * The impact preview of a policy change as a markdown section of the `ospo-gatekeeper / policy`
 * check: which repositories' default branches (and which packages) the proposed policy judges
 * differently, and why; what could not be evaluated is listed, never left out. Pure.
 */
import type { Conclusion } from '../evaluation/report.js';
import type { PolicyError } from '../policy/types.js';
import { plural, shortSha } from '../words.js';
import type { FindingDelta, PackageVerdictChange, VerdictChanges } from './verdict-changes.js';

/** One repository's default branch under the current and the proposed policy. */
export type RepositoryImpact =
  | { repository: string; ref: string; outcome: 'changed'; changes: VerdictChanges }
  | { repository: string; ref: string; outcome: 'unchanged'; conclusion: Conclusion }
  /** The proposed policy does not load for this repository (its own file over the new org layer). */
  | { repository: string; ref: string; outcome: 'breaks'; errors: PolicyError[] }
  | { repository: string; ref: string; outcome: 'not-evaluated'; reason: string };

export interface PolicyImpact {
  repositories: RepositoryImpact[];
  /** Repositories the installation has (of this owner), when they were listed; more than evaluated when the limit cut them. */
  available?: number;
  /** The most repositories evaluated (OSPO_IMPACT_REPOSITORIES). */
  limit?: number;
  /** Why no repository at all could be evaluated (listing them failed). */
  failure?: string;
}

/** At most this many repositories, and packages of each, are listed; counts say the rest. */
export const IMPACT_REPOSITORY_ROWS = 20;
export const IMPACT_PACKAGE_ROWS = 10;

const ICONS: Record<Conclusion, string> = { success: '✅ success', failure: '❌ failure', neutral: '⚠️ neutral' };

/** True when part of the preview could not be done (the check then can't be a plain pass). */
export function impactIncomplete(impact: PolicyImpact): boolean {
  return impact.failure !== undefined || impact.repositories.some((repository) => repository.outcome === 'not-evaluated') || (impact.available !== undefined && impact.available > impact.repositories.length);
}

export function impactSection(impact: PolicyImpact): string {
  const lines = ['### Impact of this policy change', ''];
  if (impact.failure !== undefined) return [...lines, `⚠️ **The impact could not be previewed:** ${impact.failure}.`].join('\n');
  const affected = impact.repositories.filter((repository) => repository.outcome === 'changed' || repository.outcome === 'breaks');
  const skipped = impact.repositories.filter((repository) => repository.outcome === 'not-evaluated');
  const evaluated = impact.repositories.length - skipped.length;
  lines.push(`The default branch of ${repositories(evaluated)} was judged under the current and the proposed policy: ${affected.length === 0 ? 'no verdict changes' : `${repositories(affected.length)} judged differently`}.`);
  if (affected.length > 0) lines.push('', ...affectedTable(affected), ...affected.slice(0, IMPACT_REPOSITORY_ROWS).flatMap(repositoryDetails));
  if (affected.length > IMPACT_REPOSITORY_ROWS) lines.push('', `…and ${affected.length - IMPACT_REPOSITORY_ROWS} more judged differently, not listed here.`);
  if (skipped.length > 0) {
    lines.push('', `⚠️ **Not evaluated** (${skipped.length}): their verdict after merge is not known.`, ...skipped.slice(0, IMPACT_REPOSITORY_ROWS).map((repository) => `- \`${repository.repository}\`: ${repository.reason}`));
    if (skipped.length > IMPACT_REPOSITORY_ROWS) lines.push(`- …and ${skipped.length - IMPACT_REPOSITORY_ROWS} more.`);
  }
  if (impact.available !== undefined && impact.available > impact.repositories.length) {
    lines.push('', `⚠️ **Limit reached:** the installation has ${impact.available} repositories; only the first ${impact.repositories.length} (as GitHub lists them) were evaluated${impact.limit !== undefined ? ` (OSPO_IMPACT_REPOSITORIES=${impact.limit})` : ''}. The others are not previewed.`);
  }
  return lines.join('\n');
}

function affectedTable(affected: readonly RepositoryImpact[]): string[] {
  const rows = affected.slice(0, IMPACT_REPOSITORY_ROWS).map((repository) => {
    if (repository.outcome === 'breaks') return `| \`${repository.repository}\` | — | ❌ the policy does not load | ${plural(repository.errors.length, 'error')} |`;
    if (repository.outcome !== 'changed') return '';
    const { changes } = repository;
    return `| \`${repository.repository}\` | ${ICONS[changes.before]} | ${ICONS[changes.after]} | ${plural(changes.packages.length, 'package')} |`;
  });
  return ['| Repository | Now | After merge | Packages judged differently |', '|---|---|---|---|', ...rows];
}

function repositoryDetails(repository: RepositoryImpact): string[] {
  const head = ['', `#### \`${repository.repository}\` at \`${shortSha(repository.ref)}\``, ''];
  if (repository.outcome === 'breaks') {
    return [...head, 'Its policy would not load after merge (every check of it would fail):', ...repository.errors.slice(0, IMPACT_PACKAGE_ROWS).map((error) => `- \`${error.path}${error.line !== undefined ? `:${error.line}` : ''}\`: ${oneLine(error.message)}`)];
  }
  if (repository.outcome !== 'changed') return [];
  const { packages, other } = repository.changes;
  const lines = [...head, ...packages.slice(0, IMPACT_PACKAGE_ROWS).map(packageLine), ...other.slice(0, IMPACT_PACKAGE_ROWS).map((delta) => `- ${deltaText(delta)}`)];
  if (packages.length > IMPACT_PACKAGE_ROWS) lines.push(`- …and ${plural(packages.length - IMPACT_PACKAGE_ROWS, 'more package')}.`);
  if (other.length > IMPACT_PACKAGE_ROWS) lines.push(`- …and ${plural(other.length - IMPACT_PACKAGE_ROWS, 'more finding')}.`);
  if (packages.length === 0 && other.length === 0) lines.push(`- The conclusion changes (${repository.changes.before} → ${repository.changes.after}) with no error or warning changing.`);
  return lines;
}

function packageLine(change: PackageVerdictChange): string {
  const label = change.name !== undefined ? `${change.name}${change.version !== undefined ? `@${change.version}` : ''}` : change.id;
  const where = change.path !== undefined ? ` (\`${change.path}\`)` : '';
  return `- \`${label}\`${where}: ${change.deltas.map(deltaText).join('; ')}`;
}

function deltaText(delta: FindingDelta): string {
  const what =
    delta.change === 'appears' ? `new ${delta.severity}` : delta.change === 'disappears' ? `${delta.severity} no longer raised` : `${delta.previousSeverity} → ${delta.severity}`;
  return `**${what}** \`${delta.rule}\`: ${oneLine(delta.message)}`;
}

const repositories = (count: number) => `${count} ${count === 1 ? 'repository' : 'repositories'}`;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 300);
