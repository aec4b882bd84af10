/**
 * Our yarn classic reader (src/ecosystems/yarn/classic.ts) against yarn's own grammar
 * (@yarnpkg/parsers parseSyml, kept as a dev dependency for this): on every real classic lockfile
 * of the corpus, both must read the same values. parseSyml is the oracle; its known defects
 * (a `__proto__` key, ~120k-entry spreads) don't occur in these files.
 */
import { describe, expect, it } from '@jest/globals';
import { parseSyml } from '@yarnpkg/parsers';
import { parseClassicLockfile } from '../../../src/ecosystems/yarn/classic.js';
import { readCorpus } from '../../helpers/corpus.js';

const FILES = ['yarn/webpack-webpack-classic/base/yarn.lock', 'yarn/webpack-webpack-classic/head/yarn.lock', 'perf/getsentry-sentry-javascript/yarn.lock'];

/** Plain objects with the same keys and values, whatever their prototypes. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('yarn classic reader vs parseSyml on the corpus', () => {
  it.each(FILES)('%s reads the same', (file) => {
    const text = readCorpus(file);
    const ours = parseClassicLockfile(text);
    expect(ours.ok).toBe(true);
    if (!ours.ok) return;
    expect(Object.keys(ours.value).length).toBeGreaterThan(100);
    expect(plain(ours.value)).toEqual(plain(parseSyml(text)));
  });
});
