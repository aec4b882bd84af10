import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { rubygems } from '../../../src/ecosystems/rubygems/index.js';
import { compareGemVersions } from '../../../src/ecosystems/rubygems/lockfile.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/rubygems/${name}`, import.meta.url), 'utf8');

describe('Gemfile.lock', () => {
  const result = rubygems.extract([
    { path: 'web/Gemfile', content: fixture('Gemfile') },
    { path: 'web/Gemfile.lock', content: fixture('Gemfile.lock') },
  ]);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));

  it('reads GEM and GIT specs, drops PATH specs and platform duplicates', () => {
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => d.purl).sort()).toEqual([
      'pkg:gem/acme-pro@3.4.1',
      'pkg:gem/actionview@7.1.3',
      'pkg:gem/activesupport@7.1.3',
      'pkg:gem/concurrent-ruby@1.2.3',
      'pkg:gem/jbuilder@2.12.0',
      'pkg:gem/mini_portile2@2.8.5',
      'pkg:gem/nokogiri@1.16.2',
      'pkg:gem/racc@1.7.3',
      'pkg:gem/rails@7.1.3',
      'pkg:gem/zeitwerk@2.6.13',
    ]);
    expect(result.manifests).toEqual([{ path: 'web/Gemfile.lock', packages: 10 }]);
  });

  it('marks DEPENDENCIES as direct, points them at the Gemfile line, and leaves scope unknown', () => {
    expect(byName.get('rails')).toMatchObject({
      line: 40, direct: true, scope: 'unknown', manifest: 'web/Gemfile.lock', declaredAt: { path: 'web/Gemfile', line: 5 },
    });
    expect(byName.get('nokogiri')).toMatchObject({ version: '1.16.2', line: 30, direct: true, declaredAt: { path: 'web/Gemfile', line: 6 } });
    // `jbuilder!` (a GIT source) and `acme-pro (~> 3.4)!` (a second GEM remote)
    expect(byName.get('jbuilder')).toMatchObject({ line: 6, direct: true, declaredAt: { path: 'web/Gemfile', line: 7 } });
    expect(byName.get('acme-pro')).toMatchObject({ line: 19, direct: true, declaredAt: { path: 'web/Gemfile', line: 11 } });
    expect(byName.get('activesupport')).toMatchObject({ line: 27, direct: false, scope: 'unknown' });
    expect(byName.get('activesupport')?.declaredAt).toBeUndefined();
    expect(byName.get('racc')).toMatchObject({ line: 38 });
    expect(byName.has('billing')).toBe(false);
  });

  it('works without the Gemfile (no declaredAt) and reads gems.locked', () => {
    const alone = rubygems.extract([{ path: 'gems.locked', content: fixture('Gemfile.lock') }]);
    expect(alone.dependencies).toHaveLength(10);
    expect(alone.dependencies.find((d) => d.name === 'rails')).toMatchObject({ direct: true, manifest: 'gems.locked' });
    expect(alone.dependencies.every((d) => d.declaredAt === undefined)).toBe(true);
    expect(rubygems.extract([{ path: 'Gemfile', content: fixture('Gemfile') }])).toEqual({ dependencies: [], manifests: [], problems: [] });
  });

  it('reports what it cannot read, with a line', () => {
    const conflict = fixture('Gemfile.lock').replace('    rails (7.1.3)\n', '<<<<<<< HEAD\n    rails (7.1.3)\n=======\n    rails (7.1.4)\n>>>>>>> main\n');
    expect(rubygems.extract([{ path: 'Gemfile.lock', content: conflict }])).toEqual({
      dependencies: [], manifests: [], problems: [{ path: 'Gemfile.lock', line: 40, column: 1, message: 'invalid Gemfile.lock: unresolved merge conflict marker' }],
    });
    const noVersion = rubygems.extract([{ path: 'Gemfile.lock', content: 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack\n' }]);
    expect(noVersion.problems).toEqual([{ path: 'Gemfile.lock', line: 4, column: 5, message: expect.stringContaining('no "(version)"') }]);
    const notLock = rubygems.extract([{ path: 'Gemfile.lock', content: 'hello world\n' }]);
    expect(notLock.problems[0]?.message).toContain('not a Gemfile.lock');
  });

  it('owns lockfiles and Gemfiles outside vendor/', () => {
    expect(rubygems.owns('Gemfile.lock')).toBe(true);
    expect(rubygems.owns('app/Gemfile')).toBe(true);
    expect(rubygems.owns('vendor/bundle/ruby/3.3.0/gems/x/Gemfile.lock')).toBe(false);
  });
});

describe('Gem::Version order', () => {
  it('compares segments numerically, pre-releases below releases, missing segments as zero', () => {
    expect(compareGemVersions('1.9.0', '1.10.0')).toBeLessThan(0);
    expect(compareGemVersions('3.0.0.rc1', '3.0.0')).toBeLessThan(0);
    expect(compareGemVersions('1.0', '1.0.0')).toBe(0);
    expect(compareGemVersions('29.0.0.1.0', '29.0.0.0.2')).toBeGreaterThan(0);
    expect(compareGemVersions('8.1.3', '8.0.5')).toBeGreaterThan(0);
  });
});
