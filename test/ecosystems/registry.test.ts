import { describe, expect, it } from '@jest/globals';
import { npm } from '../../src/ecosystems/npm/index.js';
import { pip } from '../../src/ecosystems/pip/index.js';
import { ECOSYSTEMS, projectContextOf } from '../../src/ecosystems/registry.js';
import type { Ecosystem } from '../../src/ecosystems/types.js';

const madeUp = (id: string, lockfiles: string[], sharedManifest?: string): Ecosystem => ({
  id,
  lockfiles,
  sharedManifest,
  owns: () => false,
  extract: () => ({ dependencies: [], manifests: [], problems: [] }),
});

describe('projectContextOf', () => {
  it('gives every package.json ecosystem the lockfiles of all four', () => {
    // The lockfile names npm, yarn, pnpm and bun write (their documentation), bun.lockb included.
    const all = ['bun.lock', 'bun.lockb', 'npm-shrinkwrap.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'];
    for (const id of ['npm', 'yarn', 'pnpm', 'bun']) {
      const ecosystem = ECOSYSTEMS.find((candidate) => candidate.id === id) as Ecosystem;
      expect([...projectContextOf(ecosystem).governingLockfiles].sort()).toEqual(all);
    }
  });

  it('adds a newcomer sharing the manifest, and only those sharing it', () => {
    const deno = madeUp('deno', ['deno.lock'], 'package.json');
    const other = madeUp('other', ['other.lock'], 'pyproject.toml');
    const context = projectContextOf(npm, [...ECOSYSTEMS, deno, other]);
    expect(context.governingLockfiles.has('deno.lock')).toBe(true);
    expect(context.governingLockfiles.has('other.lock')).toBe(false);
    expect(projectContextOf(deno, [deno, other]).governingLockfiles).toEqual(new Set(['deno.lock']));
  });

  it('an ecosystem sharing no manifest knows its own lockfiles only', () => {
    const alone = madeUp('alone', ['alone.lock']);
    expect(projectContextOf(alone, [...ECOSYSTEMS, alone]).governingLockfiles).toEqual(new Set(['alone.lock']));
    expect(projectContextOf(pip).governingLockfiles).toEqual(new Set());
  });
});
