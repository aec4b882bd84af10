import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCacheDir, diskCache } from '../../src/metadata/disk-cache.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ospo-disk-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Where an entry lives, worked out from the documented layout: <dir>/<namespace>/<sha256(namespace NUL key)>.json. */
function entryFile(namespace: string, key: string): string {
  return join(dir, namespace, `${createHash('sha256').update(`${namespace}\0${key}`).digest('hex')}.json`);
}

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('diskCache', () => {
  it('answers what was set and misses what was not, per namespace', async () => {
    const cache = diskCache(dir);
    await cache.set('license', 'pkg:npm/left-pad@1.3.0', { license: 'WTFPL', source: 'npm' });
    expect(await cache.get('license', 'pkg:npm/left-pad@1.3.0')).toEqual({ license: 'WTFPL', source: 'npm' });
    expect(await cache.get('license', 'pkg:npm/left-pad@1.2.0')).toBeUndefined();
    expect(await cache.get('scorecard', 'pkg:npm/left-pad@1.3.0')).toBeUndefined();
  });

  it('keeps one file per entry in a folder per namespace, holding its key and expiry', async () => {
    const time = clock(5_000);
    const cache = diskCache(dir, { vulnerabilities: 2 * HOUR }, { now: time.now });
    await cache.set('vulnerabilities', 'pkg:pypi/requests@2.0.0', []);
    const stored = JSON.parse(await readFile(entryFile('vulnerabilities', 'pkg:pypi/requests@2.0.0'), 'utf8'));
    expect(stored).toEqual({ namespace: 'vulnerabilities', key: 'pkg:pypi/requests@2.0.0', storedAt: 5_000, expiresAt: 5_000 + 2 * HOUR, value: [] });
  });

  it('reads and writes batches, leaving out the keys it does not hold', async () => {
    const cache = diskCache(dir);
    await cache.setMany('publishedAt', new Map([['a', '2020-01-01'], ['b', '2021-02-02']]));
    const found = await cache.getMany<string>('publishedAt', ['a', 'b', 'c']);
    expect([...found]).toEqual([['a', '2020-01-01'], ['b', '2021-02-02']]);
  });

  it('holds a cached null as a hit', async () => {
    const cache = diskCache(dir);
    await cache.set('sourceRepository', 'pkg:npm/x@1', null);
    expect(await cache.get('sourceRepository', 'pkg:npm/x@1')).toBeNull();
    expect((await cache.getMany('sourceRepository', ['pkg:npm/x@1'])).has('pkg:npm/x@1')).toBe(true);
  });

  it('expires an entry after its namespace TTL and deletes its file', async () => {
    const time = clock();
    const cache = diskCache(dir, { scorecard: 1000 }, { now: time.now });
    await cache.set('scorecard', 'k', { score: 7 });
    time.advance(999);
    expect(await cache.get('scorecard', 'k')).toEqual({ score: 7 });
    time.advance(1);
    expect(await cache.get('scorecard', 'k')).toBeUndefined();
    await expect(readFile(entryFile('scorecard', 'k'))).rejects.toThrow(/ENOENT/);
  });

  it('uses the default TTL of a namespace without an override (license: 30 days)', async () => {
    const time = clock();
    const cache = diskCache(dir, {}, { now: time.now });
    await cache.set('license', 'k', 'MIT');
    time.advance(30 * DAY - 1);
    expect(await cache.get('license', 'k')).toBe('MIT');
    time.advance(1);
    expect(await cache.get('license', 'k')).toBeUndefined();
  });

  it('applies a TTL shortened since an entry was written', async () => {
    const time = clock();
    await diskCache(dir, { vulnerabilities: 6 * HOUR }, { now: time.now }).set('vulnerabilities', 'k', []);
    time.advance(2 * HOUR);
    expect(await diskCache(dir, { vulnerabilities: 6 * HOUR }, { now: time.now }).get('vulnerabilities', 'k')).toEqual([]);
    expect(await diskCache(dir, { vulnerabilities: 1 * HOUR }, { now: time.now }).get('vulnerabilities', 'k')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"namespace": "license", "key'],
    ['JSON of the wrong shape', '{"license": "MIT"}'],
    ['an array', '[1, 2]'],
    ['an entry without a value', JSON.stringify({ namespace: 'license', key: 'k', storedAt: 1, expiresAt: 9e15 })],
    ['an entry with a string expiry', JSON.stringify({ namespace: 'license', key: 'k', storedAt: 1, expiresAt: '9e15', value: 'MIT' })],
  ])('drops a corrupt entry (%s): a miss, the file deleted, then a fresh write is read', async (_, text) => {
    const cache = diskCache(dir);
    await cache.set('license', 'k', 'Apache-2.0');
    await writeFile(entryFile('license', 'k'), text);
    expect(await cache.get('license', 'k')).toBeUndefined();
    await expect(readFile(entryFile('license', 'k'))).rejects.toThrow(/ENOENT/);
    expect(await cache.get('license', 'k')).toBeUndefined();
    await cache.set('license', 'k', 'MIT');
    expect(await cache.get('license', 'k')).toBe('MIT');
  });

  it('does not answer a key with another key\'s entry (a collision or a copied file)', async () => {
    const cache = diskCache(dir);
    await cache.set('license', 'a', 'MIT');
    await writeFile(entryFile('license', 'b'), await readFile(entryFile('license', 'a')));
    expect(await cache.get('license', 'b')).toBeUndefined();
    await expect(readFile(entryFile('license', 'b'))).rejects.toThrow(/ENOENT/);
    expect(await cache.get('license', 'a')).toBe('MIT');
  });

  it('does not answer from another namespace\'s entry copied into place', async () => {
    const cache = diskCache(dir);
    await cache.set('license', 'k', 'MIT');
    await mkdir(join(dir, 'deprecation'), { recursive: true });
    await writeFile(entryFile('deprecation', 'k'), await readFile(entryFile('license', 'k')));
    expect(await cache.get('deprecation', 'k')).toBeUndefined();
  });

  it('lets two caches on one folder see each other\'s writes', async () => {
    const first = diskCache(dir);
    const second = diskCache(dir);
    await first.set('license', 'a', 'MIT');
    await second.setMany('license', new Map([['b', 'ISC']]));
    expect(await second.get('license', 'a')).toBe('MIT');
    expect([...(await first.getMany('license', ['a', 'b']))]).toEqual([['a', 'MIT'], ['b', 'ISC']]);
  });

  it('never reads a write that was cut short (a temporary file left behind)', async () => {
    const cache = diskCache(dir);
    await cache.set('license', 'a', 'MIT');
    const hash = createHash('sha256').update('license\0b').digest('hex');
    const whole = JSON.stringify({ namespace: 'license', key: 'b', storedAt: 0, expiresAt: 9e15, value: 'GPL-3.0' });
    await writeFile(join(dir, 'license', `.${hash}.4242.abcdef.tmp`), whole);
    expect(await cache.get('license', 'b')).toBeUndefined();
    // An entry already in place stays readable beside a half-written replacement.
    const hashA = createHash('sha256').update('license\0a').digest('hex');
    await writeFile(join(dir, 'license', `.${hashA}.4242.abcdef.tmp`), '{"namespace":"lic');
    expect(await cache.get('license', 'a')).toBe('MIT');
  });

  it('leaves no temporary files after its own writes', async () => {
    const cache = diskCache(dir);
    await cache.setMany('license', new Map(Array.from({ length: 50 }, (_, index) => [`k${index}`, 'MIT'] as const)));
    const files = await readdir(join(dir, 'license'));
    expect(files).toHaveLength(50);
    expect(files.every((name) => /^[0-9a-f]{64}\.json$/.test(name))).toBe(true);
  });

  it('reads and writes 2,000 keys in one batch', async () => {
    const cache = diskCache(dir);
    const entries = new Map(Array.from({ length: 2_000 }, (_, index) => [`pkg:npm/p${index}@1.0.0`, { license: 'MIT', index }] as const));
    await cache.setMany('license', entries);
    const found = await cache.getMany<{ index: number }>('license', [...entries.keys(), 'pkg:npm/absent@1.0.0']);
    expect(found.size).toBe(2_000);
    expect(found.get('pkg:npm/p1999@1.0.0')).toEqual({ license: 'MIT', index: 1999 });
  }, 60_000);

  it('turns a folder it cannot use into misses and dropped writes, told to onError, never thrown', async () => {
    const notAFolder = join(dir, 'file');
    await writeFile(notAFolder, 'x');
    const errors: Error[] = [];
    const cache = diskCache(notAFolder, {}, { onError: (error) => errors.push(error) });
    await expect(cache.set('license', 'k', 'MIT')).resolves.toBeUndefined();
    await expect(cache.setMany('license', new Map([['j', 'MIT']]))).resolves.toBeUndefined();
    expect(await cache.get('license', 'k')).toBeUndefined();
    // mkdir and read under a regular file both fail with ENOTDIR: the set, the setMany, the get.
    expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(['ENOTDIR', 'ENOTDIR', 'ENOTDIR']);
  });
});

describe('defaultCacheDir', () => {
  it('follows XDG_CACHE_HOME on Linux, else ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, 'linux', '/home/me')).toBe('/var/cache/me/ospo-gatekeeper');
    expect(defaultCacheDir({}, 'linux', '/home/me')).toBe('/home/me/.cache/ospo-gatekeeper');
  });

  it('ignores a relative XDG_CACHE_HOME, as the XDG spec says', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/me')).toBe('/home/me/.cache/ospo-gatekeeper');
  });

  it('uses ~/Library/Caches on macOS', () => {
    expect(defaultCacheDir({}, 'darwin', '/Users/me')).toBe('/Users/me/Library/Caches/ospo-gatekeeper');
  });

  it('uses %LOCALAPPDATA% on Windows, else the profile\'s AppData\\Local', () => {
    expect(defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'win32', 'C:\\Users\\me')).toBe('C:\\Users\\me\\AppData\\Local\\ospo-gatekeeper');
    expect(defaultCacheDir({}, 'win32', 'C:\\Users\\me')).toBe('C:\\Users\\me\\AppData\\Local\\ospo-gatekeeper');
  });
});
