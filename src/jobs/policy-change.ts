/**
 * A pull request that changes the policy file: its head version is validated as it would load
 * after merge (org default + this file; in the org's `.github` repository, as the org layer), and
 * its impact previewed (policy-impact.ts): both go in the `ospo-gatekeeper / policy` check on the
 * pull request's head. Validation and preview only: the dependency verdict is still judged under
 * the base policy (DESIGN.md, principle 5), so a pull request can't weaken its own check.
 */
import { createCompletedCheckRun, POLICY_CHECK_NAME, PREVIEW_EXTERNAL_ID } from '../github/checks.js';
import { isOrgPolicyRepo, ownPolicyPath, readPolicyBlob, withOwnPolicy, type PolicySources } from '../github/files.js';
import { describeError, type GitHub, type RepoRef } from '../github/octokit.js';
import { githubPolicyReader } from '../github/policy-reader.js';
import type { PrefetchedFiles } from '../github/prefetch.js';
import type { TreeListing } from '../github/trees.js';
import { POLICY_FILE } from '../policy/definition.js';
import { resolvePolicySources } from '../policy/chain.js';
import { loadPolicy, policyProblems } from '../policy/load.js';
import type { ProposedPolicy } from '../report/check-run.js';
import type { PolicyImpact } from '../report/policy-impact.js';
import { policyAnnotations, policyPreviewCheck } from '../report/policy.js';
import { previewOrgPolicy, previewRepositoryPolicy, type ImpactDeps } from './policy-impact.js';

/** The proposed policy validated, with the layers it makes (followed), which the impact preview judges under. */
export type ValidatedPolicyChange = ProposedPolicy & { layers: PolicySources };

/** Undefined when the head has no policy file (a deletion: nothing to validate). One blob read otherwise. */
export async function validatePolicyChange(github: GitHub, repo: RepoRef, base: PolicySources, headTree: TreeListing, prefetched?: PrefetchedFiles): Promise<ValidatedPolicyChange | undefined> {
  const blob = headTree.get(POLICY_FILE);
  if (!blob) return undefined;
  // Over the size limit, the blob is not fetched: the policy error says so (readPolicyBlob).
  // The org layer comes followed already; the proposed file's own `extends` are read here.
  const layers = await resolvePolicySources(withOwnPolicy(base, repo, await readPolicyBlob(github, repo, blob, prefetched)), githubPolicyReader(github));
  const loaded = loadPolicy(layers);
  return { errors: policyProblems(loaded), ownPath: ownPolicyPath(repo), orgDefault: isOrgPolicyRepo(repo), layers };
}

/** The pull request the policy check goes on; `baseSha` is where its current policy was read. */
export interface PolicyPull {
  repo: RepoRef;
  pullNumber: number;
  headSha: string;
  baseSha: string;
}

/**
 * Writes the `ospo-gatekeeper / policy` check of a pull request that changes the policy. Never
 * throws: what could not be done is in the check, or (the check itself not written) the note returned.
 */
export async function publishPolicyCheck(
  github: GitHub,
  pull: PolicyPull,
  current: PolicySources,
  proposed: ValidatedPolicyChange,
  deps: ImpactDeps & { maxAnnotations: number },
  // The job's deadline: once it passed, nothing more is written (the job reports neutral on its own).
  abandoned: () => boolean = () => false,
): Promise<string | undefined> {
  let impact: PolicyImpact | undefined;
  let noPreview: string | undefined;
  if (proposed.errors.length === 0) {
    try {
      impact = await previewImpact(github, pull, current, proposed, deps);
    } catch (error) {
      noPreview = `it could not be made: ${describeError(error)}`;
    }
  }
  const output = policyPreviewCheck({ errors: proposed.errors, orgDefault: proposed.orgDefault, ...(impact ? { impact } : {}), ...(noPreview ? { noPreview } : {}) });
  if (abandoned()) return `The \`${POLICY_CHECK_NAME}\` check was not written: the job's deadline passed during the impact preview.`;
  try {
    await createCompletedCheckRun(github, pull.repo, {
      name: POLICY_CHECK_NAME,
      headSha: pull.headSha,
      externalId: `${PREVIEW_EXTERNAL_ID}:pr=${pull.pullNumber}`,
      ...output,
      annotations: policyAnnotations(proposed.errors, proposed.ownPath).slice(0, deps.maxAnnotations),
    });
    return undefined;
  } catch (error) {
    return `The \`${POLICY_CHECK_NAME}\` check (the proposed policy's validation and impact) could not be written: ${describeError(error)}.`;
  }
}

function previewImpact(github: GitHub, pull: PolicyPull, current: PolicySources, proposed: ValidatedPolicyChange, deps: ImpactDeps): Promise<PolicyImpact> {
  if (!proposed.orgDefault) return previewRepositoryPolicy(github, { repo: pull.repo, ref: pull.baseSha }, { current, proposed: proposed.layers }, deps);
  const proposedOrg = proposed.layers.org;
  if (!proposedOrg) return Promise.resolve({ repositories: [], failure: 'the proposed organization policy was not read' });
  return previewOrgPolicy(github, pull.repo.owner, { ...(current.org ? { current: current.org } : {}), proposed: proposedOrg }, deps);
}
