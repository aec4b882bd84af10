/**
 * Re-runs: `check_run.rerequested` (the Re-run button on our check), `check_suite.rerequested`
 * (Re-run all), and `check_suite.requested` (GitHub's "new commits, please check" signal, a
 * second chance when a `pull_request` delivery was lost; a job already done is not repeated).
 */
import type { Probot } from 'probot';
import { CHECK_NAME, findCheckRuns } from '../github/checks.js';
import { parseExternalId, type PullRequestJob } from '../jobs/job.js';
import type { Submit } from './submit.js';

interface PullRef {
  number: number;
  head: { sha: string };
  base: { ref: string };
}

export function registerRerequest(app: Probot, submit: Submit): void {
  app.on('check_run.rerequested', async (context) => {
    const { check_run: run, repository } = context.payload;
    if (run.name !== CHECK_NAME) return;
    const repo = { owner: repository.owner.login, repo: repository.name };
    const fromId = parseExternalId(run.external_id);
    const pull = (run.pull_requests as PullRef[])[0];
    const target = fromId ?? (pull ? { pullNumber: pull.number, baseRef: pull.base.ref } : undefined);
    if (!target) {
      context.log.warn(`ospo-gatekeeper: check run ${run.id} names no pull request; nothing to re-run`);
      return;
    }
    await submit(context.octokit, { repo, pullNumber: target.pullNumber, headSha: run.head_sha, baseRef: target.baseRef, trigger: 'check_run.rerequested', deliveryId: context.id, force: true }, context.log);
  });

  app.on(['check_suite.requested', 'check_suite.rerequested'], async (context) => {
    const { check_suite: suite, repository, action } = context.payload;
    const repo = { owner: repository.owner.login, repo: repository.name };
    const force = action === 'rerequested';
    const jobs: PullRequestJob[] = (suite.pull_requests as PullRef[]).map((pull) => ({
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
          jobs.push({ repo, pullNumber: target.pullNumber, headSha: suite.head_sha, baseRef: target.baseRef, trigger: 'check_suite.rerequested', deliveryId: context.id, force });
        }
      }
    }
    await Promise.all(jobs.map((job) => submit(context.octokit, job, context.log)));
  });
}
