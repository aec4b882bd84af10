/**
 * A published release gets `sbom.cdx.json` (CycloneDX 1.6) and `sbom.spdx.json` (SPDX 2.3) of
 * its tag's tree, when the policy at that tag asks (`sbom: { release-asset: true }`). Both are
 * built from the same evaluation (every manifest of the tree, licenses concluded as the policy
 * reads them) and stamped with the release's publication time, so a re-run gives the same bytes.
 * An asset already attached (a redelivery, a re-run) is left as it is.
 */
import type { Logger } from 'pino';
import { evaluateChange } from '../evaluation/pipeline.js';
import { readPolicyLayers } from '../github/policy-reader.js';
import { countCalls, type GitHub } from '../github/octokit.js';
import { commitOf, releaseAssetNames, uploadReleaseAsset } from '../github/releases.js';
import { wholeTreeAt } from '../github/snapshot.js';
import type { FactCache } from '../metadata/cache.js';
import type { FactSource } from '../metadata/types.js';
import { loadPolicy } from '../policy/load.js';
import { renderCycloneDx } from '../report/sbom-cyclonedx.js';
import { renderSpdx } from '../report/sbom-spdx.js';
import type { SbomMeta } from '../report/sbom-components.js';
import { toolVersion } from '../version.js';
import type { ReleaseSbomJob } from './job.js';
import type { JobOutcome } from './workers.js';

/** The assets, each with its renderer. */
const SBOM_ASSETS = [
  { name: 'sbom.cdx.json', render: renderCycloneDx },
  { name: 'sbom.spdx.json', render: renderSpdx },
] as const;

export interface ReleaseSbomDeps {
  sourcesFor(github: GitHub): readonly FactSource[];
  cache: FactCache;
  today(): string;
  log: Logger;
}

export async function runReleaseSbomJob(github: GitHub, job: ReleaseSbomJob, deps: ReleaseSbomDeps): Promise<JobOutcome> {
  const calls = countCalls(github);
  const before = calls.count;
  const used = () => calls.count - before;
  const { repo } = job;
  const commit = await commitOf(github, repo, job.tag);
  const loaded = loadPolicy(await readPolicyLayers(github, repo, commit));
  // A policy that does not load says nothing about SBOMs: nothing is attached, and the log says why.
  if (!loaded.ok) return { status: 'failed', reason: `the policy at ${job.tag} does not load: ${loaded.errors.map((error) => `${error.path}:${error.line ?? 1}: ${error.message}`).join('; ')}`, calls: used() };
  if (!loaded.policy.sbom.releaseAsset) return { status: 'skipped', reason: `sbom.release-asset is not on in the policy at ${job.tag}`, calls: used() };
  const attached = await releaseAssetNames(github, repo, job.releaseId);
  const missing = SBOM_ASSETS.filter((asset) => !attached.has(asset.name));
  if (missing.length === 0) return { status: 'skipped', reason: 'the SBOMs are attached already', calls: used() };
  const { base, head } = await wholeTreeAt(github, repo, commit);
  const report = await evaluateChange({ base, head, policy: loaded.policy, today: deps.today(), sources: deps.sourcesFor(github), cache: deps.cache });
  const meta: SbomMeta = { toolVersion: toolVersion(), repository: `${repo.owner}/${repo.repo}`, commit, timestamp: job.publishedAt || `${deps.today()}T00:00:00Z` };
  for (const asset of missing) await uploadReleaseAsset(github, job.uploadUrl, asset.name, asset.render(report, meta));
  deps.log.info({ release: job.releaseId, tag: job.tag, commit, attached: missing.map((asset) => asset.name) }, `ospo-gatekeeper: SBOMs attached to ${job.tag}`);
  return { status: 'done', conclusion: 'success', calls: used() };
}
