/**
 * The settings adapter: one `RepositorySettings` snapshot per audit, from GitHub's REST API, asking
 * only what the policy's `repository:` requirements need (a policy without `security:` costs no
 * security call). A refusal (403, or 404 where 404 does not mean "none") becomes `notKnown` with
 * the reason, never a value: the rules then say "not verifiable". Errors other than a refusal
 * (5xx, network) also become `notKnown`, so one endpoint down does not hide the other findings.
 */
import type { RepositoryPolicy } from '../policy/repository.js';
import { matchesGlob } from '../policy/glob.js';
import { known, notKnown, type BranchSettings, type Known, type RepositoryFacts, type RepositorySettings, type Ruleset } from '../settings/snapshot.js';
import { attempt } from './attempt.js';
import { missingWithOrgFallback } from '../settings/rules/required-files.js';
import { readFiles } from './settings-files.js';
import type { GitHub, RepoRef } from './octokit.js';

type FullRepository = Awaited<ReturnType<GitHub['rest']['repos']['get']>>['data'];

export function repositoryFacts(data: FullRepository): RepositoryFacts {
  const visibility = data.visibility === 'internal' ? 'internal' : data.private ? 'private' : 'public';
  return {
    owner: data.owner.login,
    name: data.name,
    htmlUrl: data.html_url,
    defaultBranch: data.default_branch,
    visibility,
    archived: data.archived,
    fork: data.fork,
    customProperties: (data.custom_properties ?? {}) as RepositoryFacts['customProperties'],
  };
}

export async function readRepository(github: GitHub, repo: RepoRef): Promise<FullRepository> {
  return (await github.rest.repos.get({ ...repo })).data;
}

/**
 * Gathers the snapshot for `policy`, given the repository (its `GET /repos/{o}/{r}` body, read once
 * by the caller); files are read at `ref` (the audited head of the default branch).
 */
export async function gatherSettings(github: GitHub, repo: RepoRef, data: FullRepository, policy: RepositoryPolicy, ref: string): Promise<RepositorySettings> {
  const facts = repositoryFacts(data);
  const branchNames = await branchesToAudit(github, repo, facts.defaultBranch, policy);
  const [branches, files, license, vulnerabilityAlerts, privateVulnerabilityReporting, outsideAdmins] = await Promise.all([
    policy.branchProtection ? Promise.all(branchNames.map((name) => readBranch(github, repo, name))) : Promise.resolve([]),
    policy.requiredFiles.length > 0 ? readFiles(github, repo, ref, policy.requiredFiles) : Promise.resolve(notKnown<ReadonlyMap<string, never>>('not asked for')),
    policy.license ? readLicense(github, repo) : Promise.resolve(notKnown<null>('not asked for')),
    policy.security?.vulnerabilityAlerts ? readVulnerabilityAlerts(github, repo) : Promise.resolve(notKnown<boolean>('not asked for')),
    policy.security?.privateVulnerabilityReporting
      ? attempt('private vulnerability reporting', async () => (await github.rest.repos.checkPrivateVulnerabilityReporting({ ...repo })).data.enabled)
      : Promise.resolve(notKnown<boolean>('not asked for')),
    policy.hygiene?.noOutsideAdmins ? readOutsideAdmins(github, repo) : Promise.resolve(notKnown<string[]>('not asked for')),
  ]);
  const [rulesets, orgDefaults, codeownersErrors] = await Promise.all([
    readRulesets(github, repo, branches),
    readOrgDefaults(github, facts.owner, files.known ? missingWithOrgFallback(files.value, policy.requiredFiles) : []),
    policy.requiredFiles.some((entry) => entry.toLowerCase() === 'codeowners')
      ? attempt('CODEOWNERS errors', async () => (await github.rest.repos.codeownersErrors({ ...repo, ref })).data.errors, () => [])
      : Promise.resolve(known([])),
  ]);
  return {
    repository: facts,
    branches,
    rulesets,
    files,
    orgDefaults,
    codeownersErrors,
    license,
    vulnerabilityAlerts,
    privateVulnerabilityReporting,
    securityAndAnalysis: data.security_and_analysis ? known(data.security_and_analysis) : notKnown('GitHub returned no security_and_analysis for this repository (the app needs administration: read)'),
    merge:
      data.delete_branch_on_merge === undefined || data.allow_merge_commit === undefined
        ? notKnown('GitHub returned no merge settings for this repository')
        : known({ deleteBranchOnMerge: data.delete_branch_on_merge, allowMergeCommit: data.allow_merge_commit, allowSquashMerge: data.allow_squash_merge ?? false, allowRebaseMerge: data.allow_rebase_merge ?? false }),
    features: { hasWiki: data.has_wiki, hasProjects: data.has_projects },
    outsideAdmins,
  };
}

/** The default branch, and each existing branch a `branches:` glob names (listed only when there are globs). */
async function branchesToAudit(github: GitHub, repo: RepoRef, defaultBranch: string, policy: RepositoryPolicy): Promise<string[]> {
  const globs = policy.branchProtection?.branches ?? [];
  if (globs.length === 0) return [defaultBranch];
  const all = await github.paginate(github.rest.repos.listBranches, { ...repo, per_page: 100 });
  const named = all.map((branch) => branch.name).filter((name) => name !== defaultBranch && globs.some((glob) => matchesGlob(glob, name)));
  return [defaultBranch, ...named.sort()];
}

async function readBranch(github: GitHub, repo: RepoRef, branch: string): Promise<BranchSettings> {
  const [classic, rules] = await Promise.all([
    // 404 is GitHub's "Branch not protected".
    attempt(`the classic protection of ${branch}`, async () => (await github.rest.repos.getBranchProtection({ ...repo, branch })).data, () => null),
    attempt(`the rules of ${branch}`, () => github.paginate(github.rest.repos.getBranchRules, { ...repo, branch, per_page: 100 })),
  ]);
  return { name: branch, classic, rules };
}

/** Each ruleset that gives rules to an audited branch, once: its enforcement and bypass list. */
async function readRulesets(github: GitHub, repo: RepoRef, branches: readonly BranchSettings[]): Promise<Map<number, Known<Ruleset>>> {
  const ids = new Set<number>();
  for (const branch of branches) if (branch.rules.known) for (const rule of branch.rules.value) if (rule.ruleset_id !== undefined) ids.add(rule.ruleset_id);
  const read = await Promise.all(
    [...ids].map(async (id) => [id, await attempt(`ruleset ${id}`, async () => (await github.rest.repos.getRepoRuleset({ ...repo, ruleset_id: id })).data)] as const),
  );
  return new Map(read);
}

async function readLicense(github: GitHub, repo: RepoRef): Promise<Known<{ spdxId: string; name: string; path?: string } | null>> {
  return attempt(
    'the repository license',
    async () => {
      const { data } = await github.rest.licenses.getForRepo({ ...repo });
      const license = data.license;
      if (!license) return null;
      return { spdxId: license.spdx_id ?? 'NOASSERTION', name: license.name, ...(data.path ? { path: data.path } : {}) };
    },
    () => null,
  );
}

/** 204 = enabled, 404 = disabled (GitHub's own answer), 403 = not allowed to see it. */
async function readVulnerabilityAlerts(github: GitHub, repo: RepoRef): Promise<Known<boolean>> {
  return attempt('Dependabot alerts', async () => (await github.rest.repos.checkVulnerabilityAlerts({ ...repo }), true), () => false);
}

async function readOutsideAdmins(github: GitHub, repo: RepoRef): Promise<Known<string[]>> {
  return attempt('the outside collaborators', async () => {
    const collaborators = await github.paginate(github.rest.repos.listCollaborators, { ...repo, affiliation: 'outside', permission: 'admin', per_page: 100 });
    return collaborators.map((collaborator) => collaborator.login).sort();
  });
}

/**
 * The org's `.github` repository, read for the `missing` entries only (none: not read). It counts
 * only when it is public (GitHub ignores a private one); none at all is known-empty.
 */
async function readOrgDefaults(github: GitHub, owner: string, missing: readonly string[]): Promise<RepositorySettings['orgDefaults']> {
  if (missing.length === 0) return known(new Map());
  const orgRepo = { owner, repo: '.github' };
  const meta = await attempt(`${owner}/.github`, async () => (await github.rest.repos.get(orgRepo)).data, () => undefined);
  if (!meta.known) return meta;
  if (!meta.value || meta.value.private) return known(new Map());
  return readFiles(github, orgRepo, meta.value.default_branch, missing);
}
