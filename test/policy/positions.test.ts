/** Where keys and list entries are written, for `explain` (columns counted by hand). */
import { describe, expect, it } from '@jest/globals';
import { positionLookup } from '../../src/policy/positions.js';

const TEXT = ['base: &names [MIT, ISC]', 'licenses:', '  allow: *names', '  deny:', '    - GPL-3.0-only', '    - AGPL-3.0-only'].join('\n');

describe('positionLookup', () => {
  const at = positionLookup(TEXT);
  it.each([
    [['licenses'], { line: 2, column: 1 }],
    [['licenses', 'allow'], { line: 3, column: 3 }],
    [['licenses', 'deny', 1], { line: 6, column: 7 }],
    // Through an alias: the entry where the anchor writes it.
    [['licenses', 'allow', 1], { line: 1, column: 20 }],
    [['licenses', 'unknown'], undefined],
    [['licenses', 'deny', 2], undefined],
    [['licenses', 0], undefined],
  ])('%j -> %j', (path, expected) => {
    expect(at(path)).toEqual(expected);
  });
});
