import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import nock from 'nock';
import type { Dependency } from '../../src/deps/model.js';
import { factSourcesFromEnv } from '../../src/metadata/config.js';
import { cratesPacer, cratesSource, normaliseSlashes } from '../../src/metadata/crates.js';
import { requestPacer } from '../../src/metadata/per-package.js';
import type { FactSource } from '../../src/metadata/types.js';

const CRATES = 'https://crates.example.test';
const NAME = `crates.io (${CRATES})`;

function crate(name: string, version?: string): Dependency {
  return { ecosystem: 'cargo', name, ...(version ? { version } : {}), purl: `pkg:cargo/${name}${version ? `@${version}` : ''}`, manifest: 'Cargo.lock', scope: 'runtime', direct: true };
}

/** GET /api/v1/crates/{name}/{version} as crates.io answers it: the version object with its license. */
function versionAnswer(name: string, num: string, license: string | null): Record<string, unknown> {
  return { version: { id: 1, crate: name, num, license, yanked: false, dl_path: `/api/v1/crates/${name}/${num}/download`, created_at: '2019-01-01T00:00:00.000000+00:00' } };
}

/** Only requests that name us match: a request without the User-Agent finds no interceptor and fails. */
function cratesIo() {
  return nock(CRATES, { reqheaders: { 'user-agent': 'ospo-gatekeeper' } });
}

/** Through a source of its own with no spacing: the shared 1-per-second pacer would make these tests wait. */
async function answerFor(dependency: Dependency) {
  return (await cratesSource(CRATES, 10_000, requestPacer(0)).lookup([dependency], { concurrency: 1, kinds: new Set(['license']) })).answers.get(dependency.purl);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('crates.io', () => {
  it('sends the User-Agent and reads version.license, old `/` alternatives as OR', async () => {
    cratesIo().get('/api/v1/crates/serde/1.0.0').reply(200, versionAnswer('serde', '1.0.0', 'MIT/Apache-2.0'));
    expect(await answerFor(crate('serde', '1.0.0'))).toEqual({ facts: { license: { value: 'MIT OR Apache-2.0', source: NAME } } });
  });

  it('keeps an SPDX expression as declared', async () => {
    cratesIo().get('/api/v1/crates/serde/1.0.197').reply(200, versionAnswer('serde', '1.0.197', 'MIT OR Apache-2.0'));
    expect(await answerFor(crate('serde', '1.0.197'))).toEqual({ facts: { license: { value: 'MIT OR Apache-2.0', source: NAME } } });
  });

  it('gives no license for a crate with only a license file (null license), or a version crates.io does not have', async () => {
    cratesIo().get('/api/v1/crates/ring/0.16.20').reply(200, versionAnswer('ring', '0.16.20', null));
    expect(await answerFor(crate('ring', '0.16.20'))).toEqual({ facts: {} });
    cratesIo().get('/api/v1/crates/nope/9.9.9').reply(404, { errors: [{ detail: 'crate `nope` does not have a version `9.9.9`' }] });
    expect(await answerFor(crate('nope', '9.9.9'))).toEqual({ facts: {} });
  });

  it('fails the package when crates.io errors', async () => {
    cratesIo().get('/api/v1/crates/serde/1.0.1').reply(400, { errors: [{ detail: 'bad request' }] });
    expect(await answerFor(crate('serde', '1.0.1'))).toEqual({ failed: `${NAME} failed (HTTP 400)` });
  });

  it('supports cargo packages with a version only', () => {
    const source = cratesSource(CRATES);
    expect(source.supports(crate('serde', '1.0.0'))).toBe(true);
    expect(source.supports(crate('serde'))).toBe(false);
  });
});

describe('crates.io request rate', () => {
  /** The crates.io source factSourcesFromEnv builds for a mirror at `url`. */
  const cratesFromEnv = (url: string, options: { cratesMinIntervalMs?: number } = {}) => factSourcesFromEnv({ OSPO_CRATES_URL: url }, options).find((source) => source.name.startsWith('crates.io')) as FactSource;
  /** crates.io at `url` answering MIT for each name at 1.0.0, noting in `asked` when each request arrives. */
  const answeringCrates = (url: string, names: string[], asked: string[]) => {
    for (const name of names) {
      nock(url)
        .get(`/api/v1/crates/${name}/1.0.0`)
        .reply(() => {
          asked.push(name);
          return [200, versionAnswer(name, '1.0.0', 'MIT')];
        });
    }
  };

  afterEach(() => {
    jest.useRealTimers();
  });

  /**
   * Fake time forward, then a few real turns of the event loop (setImmediate is left real) for
   * nock's interception to run; those turns do not move the fake clock the pacer reads.
   */
  async function advance(ms: number): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms);
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  }

  it('asks at most once a second by default, across the sources of every evaluation', async () => {
    // Its own mirror URL: the pacer is shared by the process, and no other test touches this one.
    const url = 'https://crates-paced.example.test';
    expect(cratesPacer(url).minIntervalMs).toBe(1000);
    expect(cratesPacer(`${url}/`)).toBe(cratesPacer(url));
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const asked: string[] = [];
    answeringCrates(url, ['a', 'b', 'c'], asked);
    // Two evaluations at once, each with its own sources (as the app builds them per job).
    const first = cratesFromEnv(url).lookup([crate('a', '1.0.0'), crate('b', '1.0.0')], { concurrency: 8, kinds: new Set(['license']) });
    const second = cratesFromEnv(url).lookup([crate('c', '1.0.0')], { concurrency: 8, kinds: new Set(['license']) });
    await advance(999);
    expect(asked).toEqual(['a']);
    await advance(1);
    expect(asked).toEqual(['a', 'b']);
    await advance(1000);
    expect(asked).toEqual(['a', 'b', 'c']);
    const answers = [...(await first).answers.values(), ...(await second).answers.values()];
    expect(answers).toEqual(Array.from({ length: 3 }, () => ({ facts: { license: { value: 'MIT', source: 'crates.io (https://crates-paced.example.test)' } } })));
  });

  it('takes another interval from the options (a mirror that allows more)', async () => {
    const url = 'https://crates-mirror.example.test';
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const asked: string[] = [];
    answeringCrates(url, ['a', 'b'], asked);
    const lookup = cratesFromEnv(url, { cratesMinIntervalMs: 100 }).lookup([crate('a', '1.0.0'), crate('b', '1.0.0')], { concurrency: 8, kinds: new Set(['license']) });
    await advance(99);
    expect(asked).toEqual(['a']);
    await advance(1);
    expect(asked).toEqual(['a', 'b']);
    expect((await lookup).answers.size).toBe(2);
  });
});

describe('normaliseSlashes', () => {
  it('reads ids separated by `/` as OR, with or without spaces, any number of them', () => {
    expect(normaliseSlashes('MIT/Apache-2.0')).toBe('MIT OR Apache-2.0');
    expect(normaliseSlashes('Apache-2.0 / MIT')).toBe('Apache-2.0 OR MIT');
    expect(normaliseSlashes('Apache-2.0/ISC/MIT')).toBe('Apache-2.0 OR ISC OR MIT');
  });

  it('leaves anything else as declared', () => {
    expect(normaliseSlashes('MIT')).toBe('MIT');
    expect(normaliseSlashes('(MIT/Apache-2.0) AND BSD-3-Clause')).toBe('(MIT/Apache-2.0) AND BSD-3-Clause');
    expect(normaliseSlashes('MIT OR Apache-2.0')).toBe('MIT OR Apache-2.0');
  });
});
