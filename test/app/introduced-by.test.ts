import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { FakeGitHub } from './helpers/fake-github.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { lineOf, pullRequestPayload, sha } from './helpers/fixtures.js';

const BASE = sha('chain-base');
const HEAD = sha('chain-head');

/** package.json declares wrapper; the lockfile says wrapper depends on inner (a transitive dependency). */
function side(wrapper: string, inner: string, innerLicense: string): Record<string, string> {
  const packageJson = `${JSON.stringify({ name: 'demo', version: '1.0.0', dependencies: { wrapper: `^${wrapper}` } }, null, 2)}\n`;
  const lock = {
    name: 'demo',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'demo', version: '1.0.0', dependencies: { wrapper: `^${wrapper}` } },
      'node_modules/inner': { version: inner, resolved: `https://registry.npmjs.org/inner/-/inner-${inner}.tgz`, license: innerLicense },
      'node_modules/wrapper': { version: wrapper, resolved: `https://registry.npmjs.org/wrapper/-/wrapper-${wrapper}.tgz`, license: 'MIT', dependencies: { inner: `^${inner}` } },
    },
  };
  return { 'package.json': packageJson, 'package-lock.json': `${JSON.stringify(lock, null, 2)}\n` };
}

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

describe('review of a finding about a transitive dependency', () => {
  it("lands on the direct dependency's changed package.json line when the lockfile has no patch, naming the package and the chain", async () => {
    const head = side('2.0.0', '2.0.0', 'GPL-3.0-only');
    const github = new FakeGitHub({
      commits: { [BASE]: side('1.0.0', '1.0.0', 'MIT'), [HEAD]: head },
      pull: { number: 7, headSha: HEAD, baseSha: BASE, baseRef: 'main', state: 'open' },
      noPatch: ['package-lock.json'],
    }).start();
    const app = await harness();
    await app.deliver('pull_request', pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE }));

    expect(github.checkRuns[0]?.conclusion).toBe('failure');
    expect(github.reviews).toHaveLength(1);
    const comments = github.reviews[0]?.comments ?? [];
    expect(comments.map((comment) => [comment.path, comment.line])).toEqual([['package.json', lineOf(head['package.json'] as string, '"wrapper"')]]);
    expect(comments[0]?.body).toContain('This line declares `wrapper@2.0.0`, which brings in the transitive dependency `inner@2.0.0`');
    expect(comments[0]?.body).toContain('**Introduced by:** wrapper@2.0.0 → inner@2.0.0');
    expect(github.checkRuns[0]?.output.summary).toContain('<sub>introduced by: wrapper@2.0.0 → inner@2.0.0</sub>');
  });
});
