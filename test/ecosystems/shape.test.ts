import { describe, expect, it } from '@jest/globals';
import { kindOf, shape } from '../../src/ecosystems/shape.js';

interface Entry {
  version: string;
  dev?: boolean;
}

const entry = shape<Entry>({
  type: 'object',
  properties: { version: { type: 'string', minLength: 1 }, dev: { type: 'boolean' }, requires: { type: 'object', additionalProperties: { type: 'string' } } },
  required: ['version'],
});

describe('shape checks', () => {
  it('accepts what fits and says nothing', () => {
    expect(entry.is({ version: '1.0.0', dev: true, extra: 1 })).toBe(true);
    expect(entry.problem({ version: '1.0.0' })).toBeUndefined();
  });

  it('says what is wrong in the file terms, where', () => {
    expect(entry.problem(null)).toBe('the entry is null, expected a map');
    expect(entry.problem([])).toBe('the entry is a list, expected a map');
    expect(entry.problem('1.0.0')).toBe('the entry is a string, expected a map');
    expect(entry.problem({ version: 1 })).toBe('"version" is a number, expected a string');
    expect(entry.problem({ version: '' })).toBe('"version" is empty');
    expect(entry.problem({})).toBe('the entry has no "version"');
    expect(entry.problem({ version: '1', requires: { 'a/b': 2 } })).toBe('"requires" › "a/b" is a number, expected a string');
  });

  it('names kinds of values', () => {
    expect([null, [], {}, 'x', 1, true].map(kindOf)).toEqual(['null', 'a list', 'a map', 'a string', 'a number', 'true']);
  });
});
