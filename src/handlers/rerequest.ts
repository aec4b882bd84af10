/**
 * Re-runs: `check_run.rerequested` (the Re-run button on our check), `check_suite.rerequested`
 * (Re-run all), and `check_suite.requested` (GitHub's "new commits, please check" signal, a
 * second chance when a `pull_request` delivery was lost; a job already done is not repeated).
 */
import type { Probot } from 'probot';
import { CHECK_NAME, findCheckRuns } from '../github/checks.js';
import { parseExternalId, type PullRequestJob } from '../jobs/job.js';
import { installationOf, type Enqueue } from './submit.js';

interface PullRef {
  number: number;
  head: { sha: string };
  base: { ref: string };
}

export function registerRerequest(app: Probot, enqueue: Enqueue): void {
  app.on('check_run.rerequested', async (context) => {
    const { check_run: run, repository } = context.payload;
    if (run.name !== CHECK_NAME) return;
    const installationId = installationOf(context.payload);
    if (installationId === undefined) return context.log.warn('ospo-gatekeeper: a check_run event without an installation; nothing to re-run');
    const repo = { owner: repository.owner.login, repo: repository.name };
    const fromId = parseExternalId(run.external_id);
    const pull = (run.pull_requests as PullRef[])[0];
    const target = fromId ?? (pull ? { pullNumber: pull.number, baseRef: pull.base.ref } : undefined);
    if (!target) {
      context.log.warn(`ospo-gatekeeper: check run ${run.id} names no pull request; nothing to re-run`);
      return;
    }
    const job: PullRequestJob = { kind: 'pull-request', installationId, repo, pullNumber: target.pullNumber, headSha: run.head_sha, baseRef: target.baseRef, trigger: 'check_run.rerequested', deliveryId: context.id, force: true };
    await enqueue(job);
  });

  app.on(['check_suite.requested', 'check_suite.rerequested'], async (context) => {
    const { check_suite: suite, repository, action } = context.payload;
    const repo = { owner: repository.owner.login, repo: repository.name };
    const installationId = installationOf(context.payload);
    if (installationId === undefined) return context.log.warn(`ospo-gatekeeper: a check_suite.${action} event without an installation; nothing to do`);
    const force = action === 'rerequested';
    const jobs: PullRequestJob[] = (suite.pull_requests as PullRef[]).map((pull) => ({
      kind: 'pull-request',
      installationId,
      repo,
      pullNumber: pull.number,
      headSha: suite.head_sha,
      baseRef: pull.base.ref,
      trigger: `check_suite.${action}`,
      deliveryId: context.id,
      force,
    }));
    if (jobs.length === 0 && force) {
      // Pull requests from forks are not listed in the suite: our earlier check runs name them.
      for (const run of await findCheckRuns(context.octokit, repo, suite.head_sha)) {
        const target = parseExternalId(run.externalId);
        if (target && !jobs.some((job) => job.pullNumber === target.pullNumber)) {
          jobs.push({ kind: 'pull-request', installationId, repo, pullNumber: target.pullNumber, headSha: suite.head_sha, baseRef: target.baseRef, trigger: 'check_suite.rerequested', deliveryId: context.id, force });
        }
      }
    }
    await Promise.all(jobs.map((job) => enqueue(job)));
  });
}
