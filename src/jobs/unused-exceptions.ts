/**
 * For the policy check after a push: the exceptions of a repository's policy that match no
 * package anywhere in the pushed tree (`exception/unused`, a notice). The whole tree is judged
 * offline (what an exception matches is the lockfiles' packages, not looked-up facts), so this
 * costs the tree listing and one read per manifest, and only when the policy has exceptions.
 */
import { evaluateChange } from '../evaluation/pipeline.js';
import type { Finding } from '../findings.js';
import type { GitHub, RepoRef } from '../github/octokit.js';
import { wholeTreeAt } from '../github/snapshot.js';
import type { Policy } from '../policy/types.js';

export async function unusedExceptions(github: GitHub, repo: RepoRef, sha: string, policy: Policy, today: string): Promise<Finding[]> {
  if (policy.exceptions.length === 0) return [];
  const report = await evaluateChange({ ...(await wholeTreeAt(github, repo, sha)), policy, today, sources: [] });
  return report.findings.filter((finding) => finding.rule === 'exception/unused');
}
