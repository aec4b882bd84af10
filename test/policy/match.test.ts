import { describe, expect, it } from '@jest/globals';
import type { Dependency } from '../../src/ecosystems/types.js';
import { findException, packageMatches } from '../../src/policy/match.js';
import type { PolicyException } from '../../src/policy/types.js';

const dep = (purl: string, version: string | undefined, extra: Partial<Dependency> = {}): Dependency => ({
  ecosystem: 'npm',
  name: 'x',
  ...(version !== undefined ? { version } : {}),
  purl,
  manifest: 'package-lock.json',
  scope: 'runtime',
  direct: true,
  ...extra,
});

describe('packageMatches', () => {
  const babel = dep('pkg:npm/%40babel/core@7.24.0', '7.24.0');

  it('matches the package whatever its version when the pattern has none, encoded or not', () => {
    expect(packageMatches('pkg:npm/%40babel/core', babel)).toBe(true);
    expect(packageMatches('pkg:npm/@babel/core', babel)).toBe(true);
    expect(packageMatches('pkg:npm/%40babel/cli', babel)).toBe(false);
    expect(packageMatches('pkg:pypi/%40babel/core', babel)).toBe(false);
  });

  it('matches an exact version, `*`, or a semver range (loosely, prereleases included)', () => {
    expect(packageMatches('pkg:npm/@babel/core@7.24.0', babel)).toBe(true);
    expect(packageMatches('pkg:npm/@babel/core@7.24.1', babel)).toBe(false);
    expect(packageMatches('pkg:npm/@babel/core@*', babel)).toBe(true);
    expect(packageMatches('pkg:npm/@babel/core@^7.0.0', babel)).toBe(true);
    expect(packageMatches('pkg:npm/@babel/core@<7.24.0', babel)).toBe(false);
    expect(packageMatches('pkg:npm/a@>=2.0.0', dep('pkg:npm/a@2.1.0-rc.1', '2.1.0-rc.1'))).toBe(true);
    expect(packageMatches('pkg:golang/github.com/a/b@>=1.2', dep('pkg:golang/github.com/a/b@v1.3.0', 'v1.3.0'))).toBe(true);
  });

  it('never matches a versioned pattern against a dependency without a version', () => {
    expect(packageMatches('pkg:npm/a@1.0.0', dep('pkg:npm/a', undefined, { requirement: '^1.0.0' }))).toBe(false);
    expect(packageMatches('pkg:npm/a', dep('pkg:npm/a', undefined, { requirement: '^1.0.0' }))).toBe(true);
  });
});

describe('findException', () => {
  const exception = (extra: Partial<PolicyException>): PolicyException => ({ package: 'pkg:npm/a', reason: 'approved', ...extra }) as PolicyException;
  const a = dep('pkg:npm/a@1.0.0', '1.0.0');

  it('applies until its expiry date (inclusive), then reports it expired and not applied', () => {
    const dated = exception({ expires: '2026-03-01' });
    expect(findException([dated], a, undefined, '2026-03-01')).toEqual({ exception: dated, expired: false });
    expect(findException([dated], a, undefined, '2026-03-02')).toEqual({ exception: dated, expired: true });
  });

  it('prefers a live exception over an expired one, whatever their order', () => {
    const old = exception({ expires: '2025-01-01', reason: 'old' });
    const live = exception({ reason: 'renewed' });
    expect(findException([old, live], a, undefined, '2026-01-01')).toEqual({ exception: live, expired: false });
  });

  it('one bound to a license holds only while the license is that one (SPDX-equivalent spellings too)', () => {
    const bound = exception({ license: 'GPL-2.0-only' });
    expect(findException([bound], a, 'GPL-2.0', '2026-01-01')).toEqual({ exception: bound, expired: false });
    expect(findException([bound], a, 'GPL-3.0-only', '2026-01-01')).toBeUndefined();
    expect(findException([bound], a, undefined, '2026-01-01')).toBeUndefined();
  });

  it('ignores exceptions for other packages or versions', () => {
    expect(findException([exception({ package: 'pkg:npm/b' })], a, undefined, '2026-01-01')).toBeUndefined();
    expect(findException([exception({ package: 'pkg:npm/a@2.0.0' })], a, undefined, '2026-01-01')).toBeUndefined();
  });
});
