/**
 * `actions/unpinned`: a reference that can move (a GitHub Actions `uses:` at a tag or branch)
 * where the policy's `actions.pin` asks for more. `sha`: only a full commit SHA can't be moved
 * under you; `tag`: a version tag, or a SHA; `any`: no rule. Pure.
 */
import type { Dependency } from '../deps/model.js';
import type { PinRule } from '../policy/types.js';
import { dependencyFinding } from './finding.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

const STRENGTH = { branch: 0, tag: 1, commit: 2 } as const;
const NEEDED: Record<Exclude<PinRule, 'any'>, keyof typeof STRENGTH> = { sha: 'commit', tag: 'tag' };

export interface PinningVerdict {
  message: string;
  help: string;
}

export function judgePinning(dependency: Dependency, rule: PinRule): PinningVerdict | undefined {
  if (rule === 'any' || dependency.pinning === undefined) return undefined;
  if (STRENGTH[dependency.pinning] >= STRENGTH[NEEDED[rule]]) return undefined;
  const ref = dependency.version ?? '?';
  const pinnedTo = dependency.pinning === 'tag' ? `the tag ${ref}` : `${ref}, which reads as a branch`;
  const wanted = rule === 'sha' ? 'a full commit SHA' : 'a version tag or a full commit SHA';
  return {
    message: `${dependency.name} is pinned to ${pinnedTo}; the policy (actions.pin: ${rule}) asks for ${wanted}`,
    help:
      rule === 'sha'
        ? `Pin the commit the tag points to, keeping the tag as a comment: uses: ${dependency.name}@<40-character SHA> # ${dependency.pinning === 'tag' ? ref : 'vX.Y.Z'}`
        : `Use a released version tag (uses: ${dependency.name}@vX.Y.Z) or a full commit SHA.`,
  };
}

export const actionPinning: ChangeRule = {
  id: 'actions/unpinned',
  applies: 'always',
  check: ({ dependency, policy, license }) => {
    const verdict = judgePinning(dependency, policy.actions.pin);
    return verdict ? [dependencyFinding(dependency, license?.value, 'actions/unpinned', 'error', verdict.message, verdict.help)] : NO_FINDINGS;
  },
};
