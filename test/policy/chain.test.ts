/** Issue 16, item 2: `extends` chains through a reader (a fake one here): remote, local, cycle, missing, too deep, invalid. */
import { describe, expect, it } from '@jest/globals';
import { MAX_EXTENDS_DEPTH, resolveExtends, resolvePolicySources, type PolicyReader } from '../../src/policy/chain.js';
import { loadPolicy, type PolicySource } from '../../src/policy/load.js';
import { referenceName, type FileReference } from '../../src/policy/reference.js';

const ROOT = '.github/ospo-gatekeeper.yml';

/** Files by the name their reference gives (`acme/p:base.yml@v1`, `./base.yml`); anything else is a 404. Records what was read. */
function fakeReader(files: Record<string, string>): PolicyReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (reference: FileReference) => {
      const path = referenceName(reference);
      reads.push(path);
      const text = files[path];
      return text === undefined ? { path, text: '', unreadable: 'not found (404)' } : { path, text };
    },
  };
}

const load = async (text: string, files: Record<string, string>) => loadPolicy({ repo: await resolveExtends({ path: ROOT, text }, fakeReader(files)) });
const errorsOf = (result: ReturnType<typeof loadPolicy>) => (result.ok ? [] : result.errors.map((error) => [error.path, error.line, error.column, error.message]));

describe('resolveExtends and loadPolicy over the chain', () => {
  it('a remote parent at a ref, which extends a preset: preset -> parent -> file, later layers win', async () => {
    const result = await load('mode: warn\nextends: acme/policies:base.yml@v1\nlicenses:\n  unknown: allow\n', {
      'acme/policies:base.yml@v1': 'extends: strict\nmode: enforce\nlicenses:\n  unknown: fail\n  changed: fail\nexceptions:\n  - package: pkg:npm/a\n    reason: parent\n',
    });
    expect(errorsOf(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.policy.sources).toEqual(['preset:strict', 'acme/policies:base.yml@v1', ROOT]);
    // mode: the file's warn over the parent's enforce; unknown: the file's; changed: the parent's.
    expect(result.policy.mode).toBe('warn');
    expect(result.policy.licenses).toMatchObject({ unknown: 'allow', changed: 'fail' });
    expect(result.policy.exceptions).toEqual([{ package: 'pkg:npm/a', reason: 'parent', source: 'acme/policies:base.yml@v1' }]);
  });

  it('a chain of two remote parents, the deepest on its default branch; exceptions append lowest first', async () => {
    const exception = (name: string) => `exceptions:\n  - package: pkg:npm/${name}\n    reason: r\n`;
    const result = await load(`extends: acme/p:mid.yml\n${exception('file')}`, {
      'acme/p:mid.yml': `extends: acme/q:deep.yml\n${exception('mid')}`,
      'acme/q:deep.yml': exception('deep'),
    });
    expect(result.ok && result.policy.sources).toEqual(['acme/q:deep.yml', 'acme/p:mid.yml', ROOT]);
    expect(result.ok && result.policy.exceptions.map((entry) => entry.package)).toEqual(['pkg:npm/deep', 'pkg:npm/mid', 'pkg:npm/file']);
  });

  it('a local parent is asked of the reader with the name of the file that names it', async () => {
    const asked: [string, string][] = [];
    const reader: PolicyReader = {
      read: async (reference, from) => {
        asked.push([referenceName(reference), from]);
        return { path: 'policies/base.yml', text: 'licenses:\n  deny: [AGPL-3.0-only]\n' };
      },
    };
    const result = loadPolicy({ repo: await resolveExtends({ path: 'policies/repo.yml', text: 'extends: ./base.yml\n' }, reader) });
    expect(asked).toEqual([['./base.yml', 'policies/repo.yml']]);
    expect(result.ok && result.policy.sources).toEqual(['policies/base.yml', 'policies/repo.yml']);
    expect(result.ok && result.policy.licenses.deny).toEqual(['AGPL-3.0-only']);
  });

  it('a missing parent is an error at the extends line of the file that names it, never the preset instead', async () => {
    const result = await load('mode: warn\nextends: acme/policies:gone.yml\n', {});
    expect(errorsOf(result)).toEqual([[ROOT, 2, 1, 'extends: acme/policies:gone.yml could not be read: not found (404)']]);
  });

  it('a parent missing deeper down: the error is in the parent that names it, and the file loaded points to it', async () => {
    const result = await load('extends: acme/p:mid.yml\n', { 'acme/p:mid.yml': '# shared\nmode: warn\nextends: acme/p:gone.yml@v2\n' });
    const missing = 'extends: acme/p:gone.yml@v2 could not be read: not found (404)';
    expect(errorsOf(result)).toEqual([
      [ROOT, 1, 1, `extends: acme/p:mid.yml is invalid: acme/p:mid.yml:3:1: ${missing}`],
      ['acme/p:mid.yml', 3, 1, missing],
    ]);
  });

  it('a cycle is an error naming it, each file read once', async () => {
    const reader = fakeReader({ 'acme/p:a.yml': 'extends: acme/p:b.yml\n', 'acme/p:b.yml': 'mode: warn\nextends: Acme/P:a.yml\n' });
    const result = loadPolicy({ repo: await resolveExtends({ path: ROOT, text: 'extends: acme/p:a.yml\n' }, reader) });
    const cycle = `extends: Acme/P:a.yml makes a cycle: ${ROOT} -> acme/p:a.yml -> acme/p:b.yml -> Acme/P:a.yml`;
    expect(errorsOf(result)).toEqual([
      [ROOT, 1, 1, `extends: acme/p:a.yml is invalid: acme/p:b.yml:2:1: ${cycle}`],
      ['acme/p:b.yml', 2, 1, cycle],
    ]);
    expect(reader.reads).toEqual(['acme/p:a.yml', 'acme/p:b.yml', 'Acme/P:a.yml']);
  });

  it('a file that extends itself is a cycle of one', async () => {
    const org = 'acme/.github:.github/ospo-gatekeeper.yml';
    const resolved = await resolveExtends({ path: org, text: `extends: ${org}\n` }, fakeReader({ [org]: `extends: ${org}\n` }));
    expect(resolved.extended?.errors).toEqual([{ path: org, line: 1, column: 1, message: `extends: ${org} makes a cycle: ${org} -> ${org}` }]);
  });

  it(`${MAX_EXTENDS_DEPTH} parents are followed, a sixth is an error naming the chain`, async () => {
    const files = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`acme/p:${index + 1}.yml`, `extends: acme/p:${index + 2}.yml\n`]));
    const five = { ...files(4), 'acme/p:5.yml': 'extends: strict\n' };
    const deepEnough = await load('extends: acme/p:1.yml\n', five);
    expect(deepEnough.ok && deepEnough.policy.sources).toEqual(['preset:strict', 'acme/p:5.yml', 'acme/p:4.yml', 'acme/p:3.yml', 'acme/p:2.yml', 'acme/p:1.yml', ROOT]);
    const reader = fakeReader({ ...files(5), 'acme/p:6.yml': '' });
    const tooDeep = loadPolicy({ repo: await resolveExtends({ path: ROOT, text: 'extends: acme/p:1.yml\n' }, reader) });
    const chain = [ROOT, 'acme/p:1.yml', 'acme/p:2.yml', 'acme/p:3.yml', 'acme/p:4.yml', 'acme/p:5.yml', 'acme/p:6.yml'].join(' -> ');
    const deeper = `extends: acme/p:6.yml: the chain is deeper than 5 files (${chain})`;
    expect(errorsOf(tooDeep)).toEqual([
      [ROOT, 1, 1, `extends: acme/p:1.yml is invalid: acme/p:5.yml:1:1: ${deeper}`],
      ['acme/p:5.yml', 1, 1, deeper],
    ]);
    expect(reader.reads).not.toContain('acme/p:6.yml');
  });

  it('an invalid parent: its own errors under its name and line, and one at the extends line naming it', async () => {
    const result = await load('extends: acme/p:base.yml@v1\n', { 'acme/p:base.yml@v1': 'licenses:\n  unknown: sometimes\nmode: strict\n' });
    const errors = errorsOf(result);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toEqual([ROOT, 1, 1, 'extends: acme/p:base.yml@v1 is invalid: acme/p:base.yml@v1:2:12: licenses.unknown: expected one of fail | warn | allow, got "sometimes" (and 1 more)']);
    expect(errors.slice(1).map((error) => error.slice(0, 3))).toEqual([
      ['acme/p:base.yml@v1', 2, 12],
      ['acme/p:base.yml@v1', 3, 7],
    ]);
  });

  it('a parent that is not YAML, and one whose own extends names an unknown preset', async () => {
    const notYaml = await load('extends: acme/p:base.yml\n', { 'acme/p:base.yml': 'licenses: [\n' });
    expect(errorsOf(notYaml).map((error) => error.slice(0, 2))).toEqual([[ROOT, 1], ['acme/p:base.yml', 2]]);
    const badPreset = await load('extends: acme/p:base.yml\n', { 'acme/p:base.yml': 'extends: strictt\n' });
    expect(errorsOf(badPreset)).toEqual([
      [ROOT, 1, 1, expect.stringContaining('extends: acme/p:base.yml is invalid: acme/p:base.yml:1:1: extends: unknown preset "strictt", did you mean "strict"?')],
      ['acme/p:base.yml', 1, 1, expect.stringContaining('extends: unknown preset "strictt", did you mean "strict"?')],
    ]);
  });

  it('a reference of a bad shape is an error at its line, nothing read', async () => {
    const reader = fakeReader({});
    const result = loadPolicy({ repo: await resolveExtends({ path: ROOT, text: 'mode: warn\nextends: acme:base.yml\n' }, reader) });
    expect(errorsOf(result)).toEqual([[ROOT, 2, 1, 'extends: "acme:base.yml": "acme" is not owner/repo (expected owner/repo:path[@ref])']]);
    expect(reader.reads).toEqual([]);
  });

  it('a file that extends another file, not followed, is an error (not the permissive preset)', () => {
    expect(errorsOf(loadPolicy({ repo: { path: ROOT, text: 'extends: acme/p:base.yml\n' } }))).toEqual([
      [ROOT, 1, 1, expect.stringContaining('extends: acme/p:base.yml is another policy file, and it was not read here')],
    ]);
  });

  it('a reader that throws is an unreadable parent, with its message', async () => {
    const reader: PolicyReader = { read: async () => Promise.reject(new Error('socket hang up')) };
    const result = loadPolicy({ repo: await resolveExtends({ path: ROOT, text: 'extends: acme/p:base.yml\n' }, reader) });
    expect(errorsOf(result)).toEqual([[ROOT, 1, 1, 'extends: acme/p:base.yml could not be read: socket hang up']]);
  });
});

describe('resolvePolicySources', () => {
  it('org chain below the repository chain; a parent both name is read once; repository parents obey overrides.allowed', async () => {
    const reader = fakeReader({
      'acme/p:base.yml': 'mode: warn\nlicenses:\n  unknown: fail\n',
      'acme/p:team.yml': 'extends: acme/p:base.yml\nlicenses:\n  changed: fail\n',
    });
    const org: PolicySource = { path: 'acme/.github:.github/ospo-gatekeeper.yml', text: 'extends: acme/p:base.yml\noverrides:\n  allowed: [extends, licenses, exceptions]\n' };
    const repo: PolicySource = { path: ROOT, text: 'extends: acme/p:team.yml\n' };
    const resolved = await resolvePolicySources({ org, repo }, reader);
    expect(reader.reads.sort()).toEqual(['acme/p:base.yml', 'acme/p:team.yml']);
    const result = loadPolicy(resolved);
    // acme/p:base.yml under the repository sets `mode`, which the org does not let repositories change.
    const forbidden = 'mode: the organization policy (acme/.github:.github/ospo-gatekeeper.yml) lets repositories change only extends, licenses, exceptions';
    expect(errorsOf(result)).toEqual([
      [ROOT, 1, 1, `extends: acme/p:team.yml is invalid: acme/p:base.yml:1:1: ${forbidden}`],
      ['acme/p:team.yml', 1, 1, `extends: acme/p:base.yml is invalid: acme/p:base.yml:1:1: ${forbidden}`],
      ['acme/p:base.yml', 1, 1, forbidden],
    ]);
    const allowed = loadPolicy(await resolvePolicySources({ org: { ...org, text: org.text.replace('exceptions]', 'exceptions, mode]') }, repo }, reader));
    expect(allowed.ok && allowed.policy.sources).toEqual(['acme/p:base.yml', 'acme/.github:.github/ospo-gatekeeper.yml', 'acme/p:base.yml', 'acme/p:team.yml', ROOT]);
    expect(allowed.ok && allowed.policy.licenses).toMatchObject({ unknown: 'fail', changed: 'fail' });
  });

  it('a source already followed is not read again', async () => {
    const reader = fakeReader({ 'acme/p:base.yml': '' });
    const once = await resolveExtends({ path: ROOT, text: 'extends: acme/p:base.yml\n' }, reader);
    await resolvePolicySources({ repo: once }, reader);
    expect(reader.reads).toEqual(['acme/p:base.yml']);
  });
});
