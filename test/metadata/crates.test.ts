import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Dependency } from '../../src/deps/model.js';
import { cratesSource, normaliseSlashes } from '../../src/metadata/crates.js';

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

async function answerFor(dependency: Dependency) {
  return (await cratesSource(CRATES).lookup([dependency], { concurrency: 1, kinds: new Set(['license']) })).answers.get(dependency.purl);
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
