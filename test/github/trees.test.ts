/** The merge base's listing derived from the head's and the compare's list of changed files (src/github/trees.ts). */
import { describe, expect, it } from '@jest/globals';
import { changedPaths, baseListingFromChanges, type TreeListing } from '../../src/github/trees.js';

const head: TreeListing = new Map([
  ['README.md', { sha: 'a'.repeat(40), size: 5 }],
  ['package.json', { sha: 'b'.repeat(40), size: 10 }],
  ['new.lock', { sha: 'c'.repeat(40) }],
  ['lib/moved.json', { sha: 'd'.repeat(40) }],
]);

describe('baseListingFromChanges', () => {
  const base = baseListingFromChanges(head, [
    { path: 'package.json', status: 'modified' },
    { path: 'new.lock', status: 'added' },
    { path: 'old.lock', status: 'removed' },
    { path: 'lib/moved.json', status: 'renamed', previousPath: 'moved.json' },
    { path: 'link-to-somewhere', status: 'modified' }, // a symlink: not a regular file at the head
  ]);

  it('keeps unchanged files with the head blob, drops added and renamed-to, adds removed and renamed-from by path', () => {
    expect([...base.keys()].sort()).toEqual(['README.md', 'moved.json', 'old.lock', 'package.json']);
    expect(base.get('README.md')).toEqual({ sha: 'a'.repeat(40), size: 5 });
    expect(base.get('package.json')).toMatchObject({ blobUnknown: true });
    expect(base.get('old.lock')).toMatchObject({ blobUnknown: true });
    expect(base.get('moved.json')).toMatchObject({ blobUnknown: true });
  });

  it('a changed file never has a head blob id, so the listings differ exactly in the changed paths', () => {
    const ids = new Set([...head.values()].map((file) => file.sha));
    for (const path of ['package.json', 'old.lock', 'moved.json']) expect(ids.has(base.get(path)!.sha)).toBe(false);
    expect([...changedPaths(base, head)].sort()).toEqual(['lib/moved.json', 'moved.json', 'new.lock', 'old.lock', 'package.json']);
  });
});
