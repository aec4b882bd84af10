/**
 * A published release gets the SBOMs of its tag, through the real server: GitHub's own
 * `release.published` payload, the fake GitHub, and the uploads host behind nock.
 */
import { describe, expect, it } from '@jest/globals';
import examples from '@octokit/webhooks-examples';
import nock from 'nock';
import { sha } from './helpers/fixtures.js';
import { serversPerTest } from './helpers/server.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { headFiles } from './scenario.js';

const TAG = '0.0.1';
const TAG_COMMIT = sha('tagged');
const RELEASE_ID = 17372790;
const { start } = serversPerTest();

function releasePayload(): any {
  const definition = (examples as unknown as { name: string; examples: any[] }[]).find((entry) => entry.name === 'release')!;
  const payload = structuredClone(definition.examples.find((candidate) => candidate.action === 'published'));
  payload.installation = { id: 1, node_id: 'x' };
  return payload;
}

/** The repository at the tag, its release's assets, and the uploads host recording what is sent. */
function tagged(policy: string | undefined, attached: string[] = []) {
  const files = { ...headFiles, ...(policy === undefined ? {} : { '.github/ospo-gatekeeper.yml': policy }) };
  const github = new FakeGitHub({
    commits: { [TAG_COMMIT]: files },
    pull: { number: 1, headSha: TAG_COMMIT, baseSha: TAG_COMMIT, baseRef: 'main', state: 'closed' },
    extraRoutes: (method, path) => {
      if (method === 'GET' && path === `/repos/Codertocat/Hello-World/commits/${TAG}`) return [200, { sha: TAG_COMMIT }];
      if (method === 'GET' && path === `/repos/Codertocat/Hello-World/releases/${RELEASE_ID}/assets`) return [200, attached.map((name, index) => ({ id: index + 1, name }))];
      return undefined;
    },
  }).start();
  const uploads: { name: string; type: string; body: any }[] = [];
  nock('https://uploads.github.com')
    .persist()
    .post(`/repos/Codertocat/Hello-World/releases/${RELEASE_ID}/assets`)
    .query(true)
    .reply(function (this: any, uri: string, body: any) {
      const name = new URL(uri, 'https://uploads.github.com').searchParams.get('name') ?? '';
      uploads.push({ name, type: String(this.req.headers['content-type']), body: typeof body === 'string' ? JSON.parse(body) : body });
      return [201, { id: 100 + uploads.length, name }];
    });
  return { github, uploads };
}

async function released(running: Awaited<ReturnType<typeof start>>): Promise<void> {
  const response = await running.post('release', releasePayload());
  expect(response.status).toBe(200);
}

describe('SBOMs on a published release', () => {
  it('attaches sbom.cdx.json and sbom.spdx.json of the tag when the policy there asks, stamped with the release time', async () => {
    const { uploads } = tagged('sbom:\n  release-asset: true\n');
    const running = await start();
    await released(running);
    expect(uploads.map((upload) => [upload.name, upload.type])).toEqual([
      ['sbom.cdx.json', 'application/json'],
      ['sbom.spdx.json', 'application/json'],
    ]);
    const [cyclonedx, spdx] = uploads.map((upload) => upload.body);
    expect(cyclonedx).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { timestamp: '2019-05-15T15:20:53.000Z' } });
    // The tag's tree holds the typical project's four packages.
    const purls = (cyclonedx.components as { purl: string }[]).map((component) => component.purl).sort();
    expect(purls).toEqual(['pkg:npm/gpl-thing@3.0.0', 'pkg:npm/left-pad@1.3.0', 'pkg:npm/mystery@0.1.0', 'pkg:npm/tiny@1.0.0']);
    expect(spdx).toMatchObject({ spdxVersion: 'SPDX-2.3', creationInfo: { created: '2019-05-15T15:20:53Z' } });
    expect(JSON.stringify(spdx)).toContain(TAG_COMMIT);
    expect(running.outcomes).toEqual([expect.objectContaining({ status: 'done' })]);
  });

  it('attaches nothing when the policy at the tag does not ask', async () => {
    const { uploads, github } = tagged(undefined);
    const running = await start();
    await released(running);
    expect(uploads).toEqual([]);
    expect(running.outcomes).toEqual([{ status: 'skipped', reason: `sbom.release-asset is not on in the policy at ${TAG}`, calls: expect.any(Number) }]);
    expect(github.calls('GET', /git\/trees/)).toHaveLength(0); // nothing read past the policy
  });

  it('uploads only what is missing (a redelivery, or a release that already has one)', async () => {
    const { uploads } = tagged('sbom:\n  release-asset: true\n', ['sbom.cdx.json', 'notes.txt']);
    const running = await start();
    await released(running);
    expect(uploads.map((upload) => upload.name)).toEqual(['sbom.spdx.json']);
  });
});
