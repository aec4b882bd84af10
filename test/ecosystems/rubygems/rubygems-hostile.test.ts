import { describe, expect, it } from '@jest/globals';
import { rubygems } from '../../../src/ecosystems/rubygems/index.js';

const gemSection = (header: string) => `${header}\n  remote: https://rubygems.org/\n  specs:\n    rails (7.0.0)\n`;

describe('Gemfile.lock: hostile and malformed input', () => {
  it('fails a lockfile whose first section is not one Bundler writes, instead of reading no gems', () => {
    const result = rubygems.extract([{ path: 'Gemfile.lock', content: `${gemSection('GEMS')}\nDEPENDENCIES\n  rails\n` }]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([
      {
        path: 'Gemfile.lock',
        line: 1,
        column: 1,
        message: 'invalid Gemfile.lock: not a Gemfile.lock: it starts with section "GEMS", not one Bundler writes (GEM, GIT, PATH, PLUGIN SOURCE, PLATFORMS, DEPENDENCIES, RUBY VERSION, BUNDLED WITH, CHECKSUMS)',
      },
    ]);
  });

  it('reports a later unknown section that lists specs, and still reads the known ones', () => {
    const result = rubygems.extract([{ path: 'Gemfile.lock', content: `${gemSection('GEM')}\n${gemSection('GEMZ')}\nDEPENDENCIES\n  rails\n` }]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.line}`)).toEqual(['rails@7.0.0 4']);
    expect(result.problems).toEqual([
      {
        path: 'Gemfile.lock',
        line: 6,
        message: 'invalid Gemfile.lock: section "GEMZ" lists specs but is not a source Bundler writes (GEM, GIT, PATH, PLUGIN SOURCE); its gems were not read',
        kind: 'invalid-entry',
      },
    ]);
  });

  it('says a file full of NULs is not text', () => {
    const content = [...`${gemSection('GEM')}`].map((c) => `${c}\u0000`).join('');
    expect(rubygems.extract([{ path: 'Gemfile.lock', content }]).problems).toEqual([
      { path: 'Gemfile.lock', line: 1, message: expect.stringMatching(/^invalid Gemfile\.lock: the file holds NUL characters/) },
    ]);
  });
});
