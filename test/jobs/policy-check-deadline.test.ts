import { describe, expect, it, jest } from '@jest/globals';
import type { GitHub } from '../../src/github/octokit.js';
import { publishPolicyCheck } from '../../src/jobs/policy-change.js';
import { memoryCache } from '../../src/metadata/cache.js';

const pull = { repo: { owner: 'acme', repo: 'app' }, pullNumber: 3, headSha: 'b'.repeat(40), baseSha: 'a'.repeat(40) };
// An invalid proposed policy: no preview is made, only the check is written.
const proposed = { errors: [{ path: '.github/ospo-gatekeeper.yml', line: 1, column: 7, message: 'mode: expected one of enforce | warn, got "strict"' }], ownPath: '.github/ospo-gatekeeper.yml', orgDefault: false, layers: {} };
const deps = { sourcesFor: () => [], cache: memoryCache(), today: () => '2026-12-04', impactRepositories: 50, impactConcurrency: 4, maxAnnotations: 50 };

function fakeGitHub() {
  const create = jest.fn(async (_params: unknown) => ({ data: { id: 7 } }));
  // Only what createCompletedCheckRun calls; the rest of the client is never reached here.
  return { github: { rest: { checks: { create, update: jest.fn() } } } as unknown as GitHub, create };
}

describe('the policy check of a pull request and the job deadline', () => {
  it('writes the check while the job may still write', async () => {
    const { github, create } = fakeGitHub();
    expect(await publishPolicyCheck(github, pull, {}, proposed, deps, () => false)).toBeUndefined();
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]?.[0]).toMatchObject({ name: 'ospo-gatekeeper / policy', head_sha: pull.headSha, conclusion: 'failure' });
  });

  it('writes nothing once the deadline passed, and says so for the dependency check', async () => {
    const { github, create } = fakeGitHub();
    const note = await publishPolicyCheck(github, pull, {}, proposed, deps, () => true);
    expect(create).not.toHaveBeenCalled();
    expect(note).toBe("The `ospo-gatekeeper / policy` check was not written: the job's deadline passed during the impact preview.");
  });
});
