/**
 * A pull-request job resumed by the durable queue (a retry, or a worker that died) after an
 * earlier attempt completed the check run but never posted the review: it posts the review and
 * leaves the completed run as it is. A first attempt finding the same completed run skips.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { CHECK_NAME } from '../../src/github/checks.js';
import type { GitHub } from '../../src/github/octokit.js';
import { externalIdFor, type PullRequestJob } from '../../src/jobs/job.js';
import { runPullRequestJob } from '../../src/jobs/pull-request.js';
import type { JobControl } from '../../src/jobs/workers.js';
import { memoryCache } from '../../src/metadata/cache.js';
import { isolateNetwork, silentLog, testOctokit } from '../app/helpers/harness.js';
import { HEAD, typicalPull } from '../app/scenario.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const job: PullRequestJob = { kind: 'pull-request', installationId: 1, repo: { owner: 'Codertocat', repo: 'Hello-World' }, pullNumber: 7, headSha: HEAD, baseRef: 'main', trigger: 'pull_request.opened', deliveryId: 'd-1', force: false };

function control(resumed: boolean): JobControl {
  return { confirmCurrent: async () => undefined, superseded: async () => undefined, abandoned: false, deadlineMs: 60_000, expired: new Promise(() => undefined), finalAttempt: true, exclusive: true, resumed };
}

const deps = { sourcesFor: () => [], cache: memoryCache(), today: () => '2026-01-15', now: () => Date.now(), takeOverAfterMs: 600_000, maxAnnotations: 1000, log: silentLog(), impactRepositories: 0, impactConcurrency: 1, impactPullsPerRepository: 0, impactPulls: 0 };

function completedWithoutReview() {
  const github = typicalPull();
  github.checkRuns.push({ id: 1000, name: CHECK_NAME, head_sha: HEAD, external_id: externalIdFor(job), status: 'completed', conclusion: 'failure', started_at: new Date().toISOString(), output: { title: 'done', summary: 'done' }, annotations: [{ path: 'package.json' }], updates: [] });
  const Octokit = testOctokit(false);
  const client = new Octokit({ auth: 'ghs_test' }) as unknown as GitHub;
  return { github, client };
}

describe('a resumed pull-request job', () => {
  it('posts the review an earlier attempt did not, and leaves the completed check run alone', async () => {
    const { github, client } = completedWithoutReview();
    const outcome = await runPullRequestJob(client, job, control(true), deps);
    expect(outcome).toMatchObject({ status: 'done', conclusion: 'failure', checkRunId: 1000 });
    expect(github.reviews).toHaveLength(1);
    expect(github.calls('PATCH', /check-runs/)).toHaveLength(0);
    expect(github.checkRuns).toHaveLength(1);
    expect(github.checkRuns[0]?.annotations).toHaveLength(1); // nothing appended a second time
  });

  it('skips a completed run when it is not resumed (a new job for a head already judged)', async () => {
    const { github, client } = completedWithoutReview();
    const outcome = await runPullRequestJob(client, job, control(false), deps);
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'already evaluated (check run 1000)' });
    expect(github.reviews).toHaveLength(0);
  });
});
