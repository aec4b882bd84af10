/** A release's tag and assets: the commit a tag names, the names of the attached assets, an upload. */
import type { GitHub, RepoRef } from './octokit.js';

/** The commit a tag (or any ref) names, annotated tags followed. */
export async function commitOf(github: GitHub, repo: RepoRef, ref: string): Promise<string> {
  const { data } = await github.rest.repos.getCommit({ ...repo, ref, per_page: 1 });
  return data.sha;
}

export async function releaseAssetNames(github: GitHub, repo: RepoRef, releaseId: number): Promise<Set<string>> {
  const assets = await github.paginate(github.rest.repos.listReleaseAssets, { ...repo, release_id: releaseId, per_page: 100 });
  return new Set(assets.map((asset) => asset.name));
}

/** Uploads `text` as the asset `name` to the release's upload URL (the payload's, so GitHub Enterprise works too). */
export async function uploadReleaseAsset(github: GitHub, uploadUrl: string, name: string, text: string): Promise<void> {
  const data = Buffer.from(text, 'utf8');
  await github.request({ method: 'POST', url: `${uploadUrl}?name=${encodeURIComponent(name)}`, headers: { 'content-type': 'application/json', 'content-length': data.length }, data });
}
