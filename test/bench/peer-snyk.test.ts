import { describe, expect, it } from '@jest/globals';
import { snykChange, treePairs } from '../../bench/peer-snyk.js';

const manifest = (range: string) => JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { left: range } });
const yarnLock = (version: string) => `# yarn lockfile v1\n\n\nleft@^1.0.0:\n  version "${version}"\n  resolved "https://registry.yarnpkg.com/left/-/left-${version}.tgz"\n`;

describe('snyk peer', () => {
  it('reads both sides through the yarn v1 entry and counts the set difference of (name, version)', async () => {
    const change = await snykChange('yarn.lock', { manifest: manifest('^1.0.0'), lock: yarnLock('1.0.0') }, { manifest: manifest('^1.0.0'), lock: yarnLock('1.1.0') });
    expect(change.after.entry).toBe('parseYarnLockV1Project');
    expect(change.after.version).toBe('YARN_LOCK_V1');
    expect(change.after.pairs.has('left@1.1.0')).toBe(true);
    expect({ added: change.added, removed: change.removed }).toEqual({ added: 1, removed: 1 });
  });

  it('fails loud on a lockfile it cannot read (the section reports the error)', async () => {
    await expect(snykChange('package-lock.json', { manifest: manifest('^1.0.0'), lock: '{' }, { manifest: manifest('^1.0.0'), lock: '{' })).rejects.toThrow();
  });

  it('collects every (name, version) of a legacy tree, however deep', () => {
    interface Node {
      name: string;
      version: string;
      dependencies: Record<string, Node>;
    }
    let node: Node = { name: 'leaf', version: '0', dependencies: {} };
    for (let depth = 1; depth <= 20_000; depth++) node = { name: `n${depth % 3}`, version: String(depth % 3), dependencies: { [node.name]: node } };
    const pairs = treePairs({ name: 'root', version: '1', dependencies: { [node.name]: node } });
    expect([...pairs].sort()).toEqual(['leaf@0', 'n0@0', 'n1@1', 'n2@2']);
  });
});
