import { describe, expect, it } from '@jest/globals';
import { parse } from 'smol-toml';
import { readTomlLockfile } from '../../../src/ecosystems/formats/toml-lockfile.js';
import { readCorpus } from '../../helpers/corpus.js';

const LOCKFILES = [
  'rust/sharkdp-bat-lockv3/base/Cargo.lock',
  'rust/sharkdp-bat-lockv3/head/Cargo.lock',
  'rust/sharkdp-bat-lockv4/base/Cargo.lock',
  'rust/sharkdp-bat-lockv4/head/Cargo.lock',
  'python/python-poetry-poetry/base/poetry.lock',
  'python/python-poetry-poetry/head/poetry.lock',
  'python/fastapi-fastapi-uv/base/uv.lock',
  'python/fastapi-fastapi-uv/head/uv.lock',
  'python/modelcontextprotocol-python-sdk-uv/base/uv.lock',
  'python/modelcontextprotocol-python-sdk-uv/head/uv.lock',
];

/** Lines that hold a `[[package]]` header: none of these files has one inside a string. */
function packageHeaderLines(content: string): number[] {
  return content.split('\n').flatMap((text, index) => (/^\[\[package\]\]\s*$/.test(text) ? [index + 1] : []));
}

describe('readTomlLockfile on every corpus Cargo.lock, poetry.lock and uv.lock', () => {
  it.each(LOCKFILES)('%s: read by itself, the same values as smol-toml, every [[package]] line', (path) => {
    const content = readCorpus(path);
    const read = readTomlLockfile(content);
    if (!read.ok) throw new Error(`${path}: ${read.error.message}`);
    expect(read.lockfile.readBySmolToml).toBeUndefined();
    expect(read.lockfile.root).toStrictEqual(parse(content));
    expect(read.lockfile.arrayTableLines('package')).toEqual(packageHeaderLines(content));
  });
});
