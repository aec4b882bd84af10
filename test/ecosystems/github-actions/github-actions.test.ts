import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { githubActions } from '../../../src/ecosystems/github-actions/index.js';
import type { Dependency } from '../../../src/ecosystems/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/github-actions/${name}`, import.meta.url), 'utf8');

describe('github-actions workflows', () => {
  const result = githubActions.extract([{ path: '.github/workflows/ci.yml', content: fixture('ci.yml') }]);

  it('reads step and reusable-workflow uses, not local paths or docker images', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([{ path: '.github/workflows/ci.yml', packages: 7 }]);
    expect(result.dependencies.map((d) => `${d.line} ${d.name}@${d.version} ${d.purl}`)).toEqual([
      '12 actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 pkg:githubactions/actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11',
      '14 actions/setup-node@v4 pkg:githubactions/actions/setup-node@v4',
      '17 actions/cache/restore@v4.0.2 pkg:githubactions/actions/cache%2Frestore@v4.0.2',
      '20 Azure/login@main pkg:githubactions/azure/login@main',
      // The alias `- *checkout` points at the anchored step: same line as its definition.
      '12 actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 pkg:githubactions/actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11',
      '26 github/codeql-action/analyze@v3 pkg:githubactions/github/codeql-action%2Fanalyze@v3',
      '29 octo-org/shared-workflows/.github/workflows/release.yml@v2 pkg:githubactions/octo-org/shared-workflows%2F.github%2Fworkflows%2Frelease.yml@v2',
    ]);
    expect(result.dependencies.every((d) => d.scope === 'runtime' && d.direct && d.manifest === '.github/workflows/ci.yml')).toBe(true);
  });

  it('keeps the tag comment of a SHA pin as its tag, and only there', () => {
    expect(result.dependencies[0]?.tag).toBe('v4.1.1');
    expect(result.dependencies.filter((d) => d.tag !== undefined)).toHaveLength(2); // checkout and its alias
    expect(result.dependencies.every((d) => d.requirement === undefined)).toBe(true); // a SHA is an exact version
    expect(mergeDuplicates(result.dependencies)).toHaveLength(6);
  });

  it('says how each reference is pinned: commit, tag or branch (fixture lines 12, 14, 17, 20, 26, 29)', () => {
    const byRef = new Map(result.dependencies.map((d) => [d.version, d.pinning]));
    expect(Object.fromEntries(byRef)).toEqual({
      b4ffde65f46336ab88eb53be808477a3936bae11: 'commit',
      v4: 'tag',
      'v4.0.2': 'tag',
      main: 'branch',
      v3: 'tag',
      v2: 'tag',
    });
  });

  it('reads a tag out of the usual pin comments, and nothing out of other comments', () => {
    const sha = '82c7e631bb3cdc910f68e0081d67478d79c6982d';
    const tagOf = (comment: string) =>
      githubActions.extract([{ path: '.github/workflows/t.yml', content: `jobs:\n  a:\n    steps:\n      - uses: actions/x@${sha} # ${comment}\n` }]).dependencies[0]?.tag;
    expect(tagOf('v4.1.1')).toBe('v4.1.1');
    expect(tagOf('tag=v2.0.0')).toBe('v2.0.0');
    expect(tagOf('pin @v5')).toBe('v5');
    expect(tagOf('1.2.3')).toBe('1.2.3');
    expect(tagOf('keep this pinned')).toBeUndefined();
  });

  it('names the repository that holds an action (its license is the action\'s), at the pinned ref', () => {
    const [restore] = result.dependencies.filter((d) => d.name === 'actions/cache/restore');
    expect(githubActions.repositoryOf?.(restore as Dependency)).toEqual({ owner: 'actions', repo: 'cache', ref: 'v4.0.2' });
  });

  it('reads composite action steps', () => {
    const action = githubActions.extract([{ path: '.github/actions/setup-env/action.yml', content: fixture('action.yml') }]);
    expect(action.problems).toEqual([]);
    expect(action.dependencies).toEqual([
      {
        ecosystem: 'github-actions',
        name: 'actions/setup-python',
        version: '82c7e631bb3cdc910f68e0081d67478d79c6982d',
        tag: 'v5.1.0',
        pinning: 'commit',
        purl: 'pkg:githubactions/actions/setup-python@82c7e631bb3cdc910f68e0081d67478d79c6982d',
        manifest: '.github/actions/setup-env/action.yml',
        line: 9,
        scope: 'runtime',
        direct: true,
      },
    ]);
  });

  it('diffs a tag bump as an upgrade and a SHA change as an upgrade (no order between SHAs)', () => {
    const before = 'jobs:\n  a:\n    steps:\n      - uses: actions/setup-node@v3\n      - uses: actions/checkout@1111111111111111111111111111111111111111 # v4.0.0\n';
    const after = 'jobs:\n  a:\n    steps:\n      - uses: actions/setup-node@v4\n      - uses: actions/checkout@0000000000000000000000000000000000000000 # v4.1.0\n';
    const path = '.github/workflows/a.yml';
    const changes = diffCollected(githubActions.extract([{ path, content: before }]).dependencies, githubActions.extract([{ path, content: after }]).dependencies);
    expect(changes.map((c) => `${c.change} ${c.dependency.name} ${c.previous?.version} -> ${c.dependency.version}`)).toEqual([
      'upgraded actions/checkout 1111111111111111111111111111111111111111 -> 0000000000000000000000000000000000000000',
      'upgraded actions/setup-node v3 -> v4',
    ]);
  });

  it('reports YAML errors and bad uses with their positions', () => {
    const result2 = githubActions.extract([
      { path: '.github/workflows/broken.yml', content: 'on: push\njobs:\n  a:\n    steps: [\n' },
      { path: '.github/workflows/bad-uses.yaml', content: 'jobs:\n  a:\n    steps:\n      - uses: actions/checkout\n      - uses: actions/setup-go@v5\n' },
    ]);
    expect(result2.problems).toHaveLength(2);
    expect(result2.problems[0]).toMatchObject({ path: '.github/workflows/broken.yml', line: 5, column: 1 });
    expect(result2.problems[0]?.message).toMatch(/^invalid YAML: /);
    expect(result2.problems[1]).toEqual({
      path: '.github/workflows/bad-uses.yaml',
      line: 4,
      column: 9,
      message: 'uses: "actions/checkout": missing @ref (a tag, branch or commit SHA)',
      kind: 'invalid-entry',
    });
    expect(result2.dependencies.map((d) => d.name)).toEqual(['actions/setup-go']);
    expect(result2.manifests).toEqual([{ path: '.github/workflows/bad-uses.yaml', packages: 1 }]);
  });

  it('owns workflows directly in .github/workflows and action metadata anywhere', () => {
    expect(githubActions.owns('.github/workflows/ci.yml')).toBe(true);
    expect(githubActions.owns('.github/workflows/release.yaml')).toBe(true);
    expect(githubActions.owns('.github/workflows/nested/ci.yml')).toBe(false);
    expect(githubActions.owns('sub/.github/workflows/ci.yml')).toBe(false);
    expect(githubActions.owns('.github/workflows/README.md')).toBe(false);
    expect(githubActions.owns('action.yml')).toBe(true);
    expect(githubActions.owns('tools/my-action/action.yaml')).toBe(true);
    expect(githubActions.owns('node_modules/x/action.yml')).toBe(false);
  });
});
