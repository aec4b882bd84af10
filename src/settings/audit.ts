/**
 * The settings audit of one repository: is it in the policy's scope, and what every settings rule
 * says of its snapshot. `failure` when a requirement fails, `neutral` when some could not be
 * verified (never `success` then), `success` when every one passed. Pure.
 */
import { matchesGlob } from '../policy/glob.js';
import type { RepositoryPolicy, ScopePolicy } from '../policy/repository.js';
import { SETTINGS_RULES } from './rules/index.js';
import type { SettingsResult } from './rules/rule.js';
import type { RepositoryFacts, RepositorySettings } from './snapshot.js';

export type AuditConclusion = 'success' | 'failure' | 'neutral';

export interface AuditReport {
  repository: Pick<RepositoryFacts, 'owner' | 'name' | 'htmlUrl' | 'defaultBranch'>;
  results: SettingsResult[];
  conclusion: AuditConclusion;
  counts: { pass: number; fail: number; notVerifiable: number };
}

/** Why a repository is outside `repository.scope`, or undefined when the audit covers it. */
export function outOfScope(repository: RepositoryFacts, scope: ScopePolicy): string | undefined {
  if (repository.archived && !scope.archived) return 'the repository is archived (scope.archived is off)';
  if (repository.fork && !scope.forks) return 'the repository is a fork (scope.forks is off)';
  if (scope.visibility === 'public' && repository.visibility !== 'public') return `the scope covers public repositories and this one is ${repository.visibility}`;
  if (scope.visibility === 'private' && repository.visibility === 'public') return 'the scope covers private repositories and this one is public';
  if (scope.include.length > 0 && !scope.include.some((glob) => matchesGlob(glob, repository.name))) return `the name matches none of scope.include (${scope.include.join(', ')})`;
  const excluded = scope.exclude.find((glob) => matchesGlob(glob, repository.name));
  if (excluded) return `the name matches scope.exclude "${excluded}"`;
  for (const property of scope.properties) {
    const value = repository.customProperties[property.name];
    const values = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    if (!values.includes(property.value)) return `its custom property ${property.name} is ${values.length > 0 ? values.join(', ') : 'not set'}, not ${property.value}`;
  }
  return undefined;
}

export function auditRepository(settings: RepositorySettings, policy: RepositoryPolicy): AuditReport {
  const results = SETTINGS_RULES.flatMap((rule) => rule.check(settings, policy));
  const counts = { pass: 0, fail: 0, notVerifiable: 0 };
  for (const result of results) {
    if (result.verdict === 'pass') counts.pass++;
    else if (result.verdict === 'fail') counts.fail++;
    else counts.notVerifiable++;
  }
  const conclusion: AuditConclusion = counts.fail > 0 ? 'failure' : counts.notVerifiable > 0 ? 'neutral' : 'success';
  const { owner, name, htmlUrl, defaultBranch } = settings.repository;
  return { repository: { owner, name, htmlUrl, defaultBranch }, results, conclusion, counts };
}
