/**
 * A pull request that changes the policy file: its head version is validated as it would load
 * after merge (org default + this file; in the org's `.github` repository, as the org layer).
 * Validation only: the dependency verdict is still judged under the base policy (DESIGN.md,
 * principle 5), so a pull request can't weaken its own check.
 */
import { isOrgPolicyRepo, ownPolicyPath, readPolicyBlob, withOwnPolicy, type PolicySources } from '../github/files.js';
import type { GitHub, RepoRef } from '../github/octokit.js';
import { githubPolicyReader } from '../github/policy-reader.js';
import type { TreeListing } from '../github/trees.js';
import { POLICY_FILE } from '../policy/definition.js';
import { resolvePolicySources } from '../policy/chain.js';
import { loadPolicy, policyProblems } from '../policy/load.js';
import type { ProposedPolicy } from '../report/check-run.js';


/** Undefined when the head has no policy file (a deletion: nothing to validate). One blob read otherwise. */
export async function validatePolicyChange(github: GitHub, repo: RepoRef, base: PolicySources, headTree: TreeListing): Promise<ProposedPolicy | undefined> {
  const blob = headTree.get(POLICY_FILE);
  if (!blob) return undefined;
  // Over the size limit, the blob is not fetched: the policy error says so (readPolicyBlob).
  // The org layer comes followed already; the proposed file's own `extends` are read here.
  const proposed = withOwnPolicy(base, repo, await readPolicyBlob(github, repo, blob));
  const loaded = loadPolicy(await resolvePolicySources(proposed, githubPolicyReader(github)));
  return { errors: policyProblems(loaded), ownPath: ownPolicyPath(repo), orgDefault: isOrgPolicyRepo(repo) };
}
