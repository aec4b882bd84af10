import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { compareGoVersions, go } from '../../../src/ecosystems/go/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/go/${name}`, import.meta.url), 'utf8');

describe('go.mod', () => {
  const result = go.extract([{ path: 'svc/go.mod', content: fixture('go.mod') }]);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));

  it('reads single-line and block requires, honouring replace directives', () => {
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => d.purl).sort()).toEqual([
      'pkg:golang/github.com/davecgh/go-spew@v1.1.2-0.20180830191138-d8f796af33cc',
      'pkg:golang/github.com/docker/docker@v24.0.9+incompatible',
      'pkg:golang/github.com/fork/oldversion@v1.2.1-fork',
      'pkg:golang/github.com/golangci/golangci-lint@v1.64.0',
      'pkg:golang/github.com/gorilla/mux@v1.8.0',
      'pkg:golang/github.com/new/name@v1.1.0',
      'pkg:golang/github.com/only/newversion@v1.3.0',
      'pkg:golang/github.com/quoted/path@v0.3.1',
      'pkg:golang/github.com/spf13/cobra@v1.8.0',
      'pkg:golang/golang.org/x/net@v0.21.0',
      'pkg:golang/golang.org/x/tools@v0.29.0',
    ]);
    expect(result.manifests).toEqual([{ path: 'svc/go.mod', packages: 11 }]);
  });

  it('marks // indirect as transitive, the rest direct, with the require line', () => {
    expect(byName.get('github.com/gorilla/mux')).toMatchObject({
      version: 'v1.8.0', line: 8, direct: true, scope: 'runtime', manifest: 'svc/go.mod', declaredAt: { path: 'svc/go.mod', line: 8 },
    });
    expect(byName.get('github.com/spf13/cobra')).toMatchObject({ line: 11, direct: true });
    expect(byName.get('golang.org/x/net')).toMatchObject({ line: 13, direct: false, scope: 'runtime' });
    expect(byName.get('golang.org/x/net')?.declaredAt).toBeUndefined();
    expect(byName.get('github.com/davecgh/go-spew')).toMatchObject({ line: 14, direct: false });
    expect(byName.get('github.com/quoted/path')).toMatchObject({ line: 12, direct: true });
  });

  it('applies a version-specific replace only to that version and skips directory replacements', () => {
    expect(byName.get('github.com/new/name')).toMatchObject({ version: 'v1.1.0', line: 16 });
    expect(byName.get('github.com/fork/oldversion')).toMatchObject({ version: 'v1.2.1-fork', line: 17 });
    expect(byName.get('github.com/only/newversion')).toMatchObject({ version: 'v1.3.0', line: 18 });
    expect(byName.has('example.com/app/internal/tools')).toBe(false);
  });

  it('scopes a tool-only module as development and keeps an imported tool module runtime', () => {
    expect(byName.get('golang.org/x/tools')).toMatchObject({ scope: 'development', direct: true, line: 20 });
    expect(byName.get('github.com/golangci/golangci-lint')).toMatchObject({ scope: 'runtime', direct: true, line: 21 });
  });

  it('reports syntax errors with a line instead of throwing', () => {
    const unclosed = go.extract([{ path: 'go.mod', content: 'module m\n\nrequire (\n\tgithub.com/a/b v1.0.0\n' }]);
    expect(unclosed.dependencies).toEqual([]);
    expect(unclosed.problems).toEqual([{ path: 'go.mod', line: 3, message: expect.stringContaining('never closed') }]);
    const badVersion = go.extract([{ path: 'go.mod', content: 'module m\nrequire github.com/a/b latest\n' }]);
    expect(badVersion.problems).toEqual([{ path: 'go.mod', line: 2, message: expect.stringContaining('not a module version'), kind: 'invalid-entry' }]);
    const badString = go.extract([{ path: 'go.mod', content: 'module m\nrequire "github.com/a/b v1.0.0\n' }]);
    expect(badString.problems[0]).toMatchObject({ line: 2, column: 9 });
    const badReplace = go.extract([{ path: 'go.mod', content: 'module m\nreplace a => b\n' }]);
    expect(badReplace.problems[0]).toMatchObject({ line: 2 });
  });

  it('owns go.mod only, outside vendor and testdata', () => {
    expect(go.owns('go.mod')).toBe(true);
    expect(go.owns('tools/go.mod')).toBe(true);
    expect(go.owns('go.sum')).toBe(false);
    expect(go.owns('vendor/github.com/x/y/go.mod')).toBe(false);
    expect(go.owns('pkg/testdata/go.mod')).toBe(false);
  });
});

describe('Go version order', () => {
  it('orders semver with v, pseudo-versions by timestamp, and ignores +incompatible', () => {
    expect(compareGoVersions('v1.9.0', 'v1.10.0')).toBeLessThan(0);
    expect(compareGoVersions('v0.0.0-20230101000000-abcdefabcdef', 'v0.0.0-20220101000000-ffffffffffff')).toBeGreaterThan(0);
    expect(compareGoVersions('v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4')).toBeLessThan(0);
    expect(compareGoVersions('v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.3')).toBeGreaterThan(0);
    expect(compareGoVersions('v2.0.0-rc.1', 'v2.0.0')).toBeLessThan(0);
    expect(compareGoVersions('v24.0.9+incompatible', 'v24.0.10+incompatible')).toBeLessThan(0);
  });
});
