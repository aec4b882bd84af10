import { describe, expect, it } from '@jest/globals';
import { closestWord, didYouMean, editDistance } from '../src/words.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['licences', 'licenses', 1],
    ['unknwon', 'unknown', 2],
    ['kitten', 'sitting', 3],
    ['abc', '', 3],
  ])('%s -> %s is %d edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closestWord (did you mean)', () => {
  it.each([
    ['licences', ['extends', 'licenses', 'paths'], 'licenses'],
    ['Apachee-2.0', ['Apache-1.0', 'Apache-2.0', 'MIT'], 'Apache-2.0'],
    ['permisive', ['permissive', 'copyleft'], 'permissive'],
    // Case is ignored: the canonical spelling is offered.
    ['FAIL-ON', ['fail-on', 'warn-on'], 'fail-on'],
    // Short words: one edit at most (`mode` is two from `node`, `code`... anything).
    ['mdoe', ['mode'], undefined],
    ['mod', ['mode'], 'mode'],
    // Nothing near.
    ['cooldown', ['cooldown-days', 'deprecated'], undefined],
    // Two equally near: no guess.
    ['Apache-3.0', ['Apache-1.0', 'Apache-2.0'], undefined],
  ])('%s among %j is %s', (word, candidates, expected) => {
    expect(closestWord(word, candidates)).toBe(expected);
  });

  it('phrases the guess, and says nothing for an exact or missing one', () => {
    expect(didYouMean('licences', ['licenses'])).toBe(', did you mean "licenses"?');
    expect(didYouMean('licenses', ['licenses'])).toBe('');
    expect(didYouMean('zzz', ['licenses'])).toBe('');
  });
});
