import { describe, expect, it } from '@jest/globals';
import { FLOOR_CANDIDATES, tokenizeLines } from '../../bench/floor-parsers.js';
import { FORMATS } from '../../bench/generate/index.js';

const candidate = (format: string, name: string) => {
  const found = (FLOOR_CANDIDATES[format] ?? []).find((entry) => entry.name.startsWith(name));
  if (!found) throw new Error(`no ${name} candidate for ${format}`);
  return found;
};

describe('floor candidates', () => {
  it('has at least one candidate for every format the benchmark generates', () => {
    for (const format of FORMATS) expect(FLOOR_CANDIDATES[format.id]?.length ?? 0).toBeGreaterThan(0);
  });

  it('lists no format the benchmark does not generate', () => {
    expect(Object.keys(FLOOR_CANDIDATES).sort()).toEqual(FORMATS.map((format) => format.id).sort());
  });

  it('rejects what a parser only half reads, so it is never taken as the floor', () => {
    expect(() => candidate('bun', 'JSON.parse').parse('{"a": 1,}')).toThrow();
    expect(() => candidate('bun', 'jsonc-parser').parse('{"a": ')).toThrow(/syntax error/);
    expect(candidate('bun', 'jsonc-parser').parse('{"a": [1,],}')).toEqual({ a: [1] });
    expect(() => candidate('yarn-classic', '@yarnpkg/lockfile').parse('a@1:\n  version "1"\n  {\n')).toThrow();
  });

  it('parses each format family with its candidates', () => {
    expect(candidate('yarn-classic', '@yarnpkg/lockfile').parse('a@^1:\n  version "1.0.0"\n')).toEqual({ 'a@^1': { version: '1.0.0' } });
    expect(candidate('cargo', '@iarna/toml').parse('[[package]]\nname = "a"\n')).toEqual({ package: [{ name: 'a' }] });
    expect(candidate('cargo', 'smol-toml').parse('[[package]]\nname = "a"\n')).toEqual({ package: [{ name: 'a' }] });
    expect(candidate('maven-pom', 'fast-xml-parser').parse('<project><version>1</version></project>')).toEqual({ project: { version: 1 } });
  });
});

describe('tokenizeLines', () => {
  it('splits trimmed lines by the separator, leaving out blank and comment lines', () => {
    expect(tokenizeLines('module x\n\n// note\n  require a v1.0.0\n# hash\n', /\s+/)).toEqual([
      ['module', 'x'],
      ['require', 'a', 'v1.0.0'],
    ]);
    expect(tokenizeLines('g:a:1.0=runtimeClasspath\n', /[:=]/)).toEqual([['g', 'a', '1.0', 'runtimeClasspath']]);
  });
});
