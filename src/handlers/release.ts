/** `release.published` -> a job that attaches the tag's SBOMs when the policy there asks (the job reads it). */
import type { Probot } from 'probot';
import { installationOf, type Enqueue } from './submit.js';

export function registerRelease(app: Probot, enqueue: Enqueue): void {
  app.on('release.published', async (context) => {
    const { release, repository } = context.payload;
    const installationId = installationOf(context.payload);
    if (installationId === undefined) return context.log.warn('ospo-gatekeeper: a release event without an installation; nothing to do');
    await enqueue({
      kind: 'release-sbom',
      installationId,
      repo: { owner: repository.owner.login, repo: repository.name },
      releaseId: release.id,
      tag: release.tag_name,
      // A published release has published_at; without one the job stamps today's date.
      publishedAt: release.published_at ?? release.created_at ?? '',
      uploadUrl: release.upload_url.replace(/\{[^}]*\}$/, ''),
      trigger: 'release.published',
      deliveryId: context.id,
    });
  });
}
