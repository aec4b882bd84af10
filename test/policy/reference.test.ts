import { describe, expect, it } from '@jest/globals';
import { parsePolicyReference, referenceName, sameFileKey } from '../../src/policy/reference.js';

describe('parsePolicyReference', () => {
  const good: [string, unknown][] = [
    ['strict', { kind: 'preset', name: 'strict' }],
    ['2024', { kind: 'preset', name: '2024' }],
    ['acme/policies:base.yml', { kind: 'github', owner: 'acme', repo: 'policies', path: 'base.yml' }],
    ['acme/policies:base.yml@v1', { kind: 'github', owner: 'acme', repo: 'policies', path: 'base.yml', ref: 'v1' }],
    ['acme/.github:.github/ospo-gatekeeper.yml', { kind: 'github', owner: 'acme', repo: '.github', path: '.github/ospo-gatekeeper.yml' }],
    ['my-org/shared_policies.v2:org/base.yaml@release/2026', { kind: 'github', owner: 'my-org', repo: 'shared_policies.v2', path: 'org/base.yaml', ref: 'release/2026' }],
    // The last @ starts the ref: a path may hold one.
    ['acme/p:team@x/base.yml@0123abc', { kind: 'github', owner: 'acme', repo: 'p', path: 'team@x/base.yml', ref: '0123abc' }],
    ['./base.yml', { kind: 'local', path: './base.yml' }],
    ['../shared/policy.yml', { kind: 'local', path: '../shared/policy.yml' }],
    ['base.yaml', { kind: 'local', path: 'base.yaml' }],
    ['policies/base', { kind: 'local', path: 'policies/base' }],
    ['/etc/ospo/base.yml', { kind: 'local', path: '/etc/ospo/base.yml' }],
    ['C:\\policies\\base.yml', { kind: 'local', path: 'C:\\policies\\base.yml' }],
  ];
  it.each(good)('%s', (text, reference) => {
    expect(parsePolicyReference(text)).toEqual({ ok: true, reference });
  });

  const bad: [string, string][] = [
    ['', 'it is empty: name a preset, owner/repo:path[@ref] or a local path'],
    ['acme/policies: base.yml', 'a reference has no spaces'],
    ['acme:base.yml', '"acme" is not owner/repo (expected owner/repo:path[@ref])'],
    ['acme/policies/extra:base.yml', '"acme/policies/extra" is not owner/repo (expected owner/repo:path[@ref])'],
    ['-acme/policies:base.yml', '"-acme/policies" is not owner/repo (expected owner/repo:path[@ref])'],
    ['acme/..:base.yml', '"acme/.." is not owner/repo (expected owner/repo:path[@ref])'],
    ['acme/policies:', 'the path after : is missing (expected owner/repo:path[@ref])'],
    ['acme/policies:@v1', 'the path after : is missing (expected owner/repo:path[@ref])'],
    ['acme/policies:/base.yml', 'the path "/base.yml" starts with /: paths are from the repository\'s root, without it (expected owner/repo:path[@ref])'],
    ['acme/policies:a/../base.yml', 'the path "a/../base.yml" has an empty, . or .. segment (expected owner/repo:path[@ref])'],
    ['acme/policies:a//base.yml', 'the path "a//base.yml" has an empty, . or .. segment (expected owner/repo:path[@ref])'],
    ['acme/policies:a\\base.yml', 'the path "a\\base.yml" has a backslash: use / (expected owner/repo:path[@ref])'],
    ['acme/policies:base.yml@', '"" after @ is not a git ref (a branch, tag or commit SHA)'],
    ['acme/policies:base.yml@v1..v2', '"v1..v2" after @ is not a git ref (a branch, tag or commit SHA)'],
    ['acme/policies:base.yml@-x', '"-x" after @ is not a git ref (a branch, tag or commit SHA)'],
    ['acme/policies:base.yml@a:b', '"a:b" after @ is not a git ref (a branch, tag or commit SHA)'],
  ];
  it.each(bad)('%j is refused', (text, problem) => {
    expect(parsePolicyReference(text)).toEqual({ ok: false, problem });
  });
});

describe('referenceName and sameFileKey', () => {
  it('names each kind as it is written, GitHub ones as owner/repo:path@ref', () => {
    expect(referenceName({ kind: 'preset', name: 'strict' })).toBe('preset:strict');
    expect(referenceName({ kind: 'local', path: '../base.yml' })).toBe('../base.yml');
    expect(referenceName({ kind: 'github', owner: 'acme', repo: 'p', path: 'base.yml' })).toBe('acme/p:base.yml');
    expect(referenceName({ kind: 'github', owner: 'acme', repo: 'p', path: 'base.yml', ref: 'v1' })).toBe('acme/p:base.yml@v1');
  });

  it('GitHub owner and repository compare without case, paths and refs with it', () => {
    expect(sameFileKey('Acme/Policies:base.yml@v1')).toBe(sameFileKey('acme/policies:base.yml@v1'));
    expect(sameFileKey('acme/policies:Base.yml')).not.toBe(sameFileKey('acme/policies:base.yml'));
    expect(sameFileKey('acme/policies:base.yml@V1')).not.toBe(sameFileKey('acme/policies:base.yml@v1'));
    expect(sameFileKey('./Base.yml')).toBe('./Base.yml');
  });
});
