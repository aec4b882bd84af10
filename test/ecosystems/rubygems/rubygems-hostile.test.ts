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

describe('Gemfile.lock: read in place, line by line', () => {
  const read = (content: string) => rubygems.extract([{ path: 'Gemfile.lock', content }]);
  const lock = (specs: string) => `GEM\n  remote: https://rubygems.org/\n  specs:\n${specs}\nDEPENDENCIES\n  rails\n`;

  it('skips the requirement lines of specs, but not a tab or a fifth space among them', () => {
    expect(read(lock('    rails (7.0.0)\n      rack (>= 2.0)\n      \n    rack (3.0.0)')).dependencies.map((d) => `${d.name}@${d.version} ${d.line}`)).toEqual([
      'rails@7.0.0 4',
      'rack@3.0.0 7',
    ]);
    expect(read(lock('    rails (7.0.0)\n      \track')).problems).toEqual([
      { path: 'Gemfile.lock', line: 5, column: 7, message: 'invalid Gemfile.lock: tab indentation (Gemfile.lock indents with spaces)' },
    ]);
    expect(read(lock('    rails (7.0.0)\n     rack')).problems).toEqual([
      { path: 'Gemfile.lock', line: 5, column: 6, message: 'invalid Gemfile.lock: unexpected indentation (5 spaces) in GEM section' },
    ]);
  });

  it('reads CRLF line endings', () => {
    const result = read(lock('    rails (7.0.0)\n      rack (>= 2.0)\n    rack (3.0.0-x86_64-linux)').replaceAll('\n', '\r\n'));
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.direct}`)).toEqual(['rails@7.0.0 true', 'rack@3.0.0 false']);
  });

  it('reads one package per name and version, whatever platforms and names hold', () => {
    const specs = ['    a (1.0)', '    a (1.0-java)', '    a (2.0)', '    a (2.0-x86_64-linux)', '    b@1 (2)', '    b@1 (2-java)', '    c (1@2)', '    c (1@2-java)'].join('\n');
    expect(read(lock(specs)).dependencies.map((d) => `${d.name} ${d.version} ${d.line}`)).toEqual(['a 1.0 4', 'a 2.0 6', 'b@1 2 8', 'c 1@2 10']);
  });
});
