import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { loadPolicy, MAX_POLICY_ALIASES, MAX_POLICY_BYTES, parsePolicyFile } from '../../src/policy/load.js';
import { validatePolicySource } from '../../src/policy/validate.js';

const FILE = '.github/ospo-gatekeeper.yml';
const validate = (text: string) => validatePolicySource({ path: FILE, text });
const positioned = (errors: { line?: number; column?: number; message: string }[]) => errors.map((error) => [error.line, error.column, error.message]);
const policiesFile = (name: string) => readFileSync(new URL(`../../policies/${name}`, import.meta.url), 'utf8');

describe('validatePolicySource: every error in one run', () => {
  it('reports an unknown extends together with schema errors, sorted by line and column', () => {
    // extends is checked after the schema walk, so sorting must move it between the others.
    const errors = validate('mode: strict\nextends: permisive\nlicenses:\n  unknwon: fail\n  allow: [MIT, Apachee-2.0]\n');
    expect(positioned(errors)).toEqual([
      [1, 7, 'mode: expected one of enforce | warn, got "strict"'],
      [2, 1, expect.stringContaining('extends: unknown preset "permisive", did you mean "permissive"? (built-in presets: copyleft-aware, permissive, strict')],
      [4, 3, expect.stringContaining('licenses.unknwon: unknown key "unknwon", did you mean "unknown"?')],
      [5, 16, expect.stringContaining('licenses.allow[1]: "Apachee-2.0" is neither an SPDX license id nor a category, did you mean "Apache-2.0"?')],
    ]);
    expect(errors.every((error) => error.path === FILE)).toBe(true);
  });

  it('says which key, value, license or category a typo most likely meant, and guesses nothing when none is near', () => {
    expect(positioned(validate('mode: enforced\nlicenses:\n  deny: [permisive, BSD-3-Clase, MIT-License]\nsupply-chain:\n  deprecatd: warn\n'))).toEqual([
      [1, 7, 'mode: expected one of enforce | warn, got "enforced", did you mean "enforce"?'],
      [3, 10, expect.stringMatching(/^licenses\.deny\[0\]: "permisive" is neither an SPDX license id nor a category, did you mean "permissive"\? \(categories: /)],
      [3, 21, expect.stringMatching(/^licenses\.deny\[1\]: "BSD-3-Clase" is neither an SPDX license id nor a category, did you mean "BSD-3-Clause"\? \(categories: /)],
      [3, 34, expect.stringMatching(/^licenses\.deny\[2\]: "MIT-License" is neither an SPDX license id nor a category \(categories: /)],
      [5, 3, 'supply-chain.deprecatd: unknown key "deprecatd", did you mean "deprecated"? (expected one of: cooldown-days, deprecated, install-scripts)'],
    ]);
  });

  it('rejects a version range semver cannot read, or nothing after "@", and takes exact versions of any shape', () => {
    const entry = (pattern: string) => `  - package: "${pattern}"\n    reason: r\n`;
    const text = `exceptions:\n${['pkg:npm/a@>>1', 'pkg:npm/b@^1.0.0', 'pkg:maven/g/c@1.0.0.Final', 'pkg:npm/d@', 'pkg:npm/e@>=1.0.0 <2', 'pkg:npm/f@1.x', 'pkg:pypi/g@2.0b1'].map(entry).join('')}`;
    expect(positioned(validate(text))).toEqual([
      [2, 14, 'exceptions[0].package: ">>1" is not a version range semver can read (like ^1.2.0, ~1.2, >=1.0.0 <2.0.0 or 1.x)'],
      [8, 14, 'exceptions[3].package: nothing after "@": give a version or a range, or leave the "@" out for every version'],
    ]);
  });

  it('reports overrides in a repository file next to schema errors', () => {
    const errors = validate('overrides:\n  allowed: [mode]\nmode: strict\n');
    expect(positioned(errors)).toEqual([
      [1, 1, 'overrides: only the organization policy can say what repositories may change'],
      [3, 7, 'mode: expected one of enforce | warn, got "strict"'],
    ]);
  });

  it('accepts overrides when validating an organization file', () => {
    expect(validatePolicySource({ path: FILE, text: 'overrides:\n  allowed: [mode]\n' }, { role: 'organization' })).toEqual([]);
    expect(validatePolicySource({ path: FILE, text: 'overrides:\n  allowed: [mode]\n' })).toHaveLength(1);
  });

  it('reports what the organization forbids next to the value error, org file first', () => {
    const result = loadPolicy({
      org: { path: 'org.yml', text: 'overrides:\n  allowed: [exceptions]\nmode: sometimes\n' },
      repo: { path: 'repo.yml', text: 'mode: strict\nextends: nope\n' },
    });
    expect(result.ok ? [] : result.errors.map((error) => [error.path, error.line, error.column, error.message.slice(0, 41)])).toEqual([
      ['org.yml', 3, 7, 'mode: expected one of enforce | warn, got'],
      ['repo.yml', 1, 1, 'mode: the organization policy (org.yml) l'],
      ['repo.yml', 1, 7, 'mode: expected one of enforce | warn, got'],
      ['repo.yml', 2, 1, 'extends: the organization policy (org.yml'],
      ['repo.yml', 2, 1, 'extends: unknown preset "nope" (built-in '],
    ]);
  });

  it('checks an extends written as a number instead of ignoring it', () => {
    expect(positioned(validate('extends: 2024\n'))).toEqual([[1, 1, expect.stringContaining('extends: unknown preset "2024"')]]);
  });

  it('is empty for a valid file, and parsePolicyFile sorts too', () => {
    expect(validate('extends: strict\nmode: warn\n')).toEqual([]);
    const parsed = parsePolicyFile({ path: FILE, text: 'packages:\n  deny:\n    - reason: x\nmode: 1\n' });
    expect(parsed.ok ? [] : parsed.errors.map((error) => error.line)).toEqual([3, 4]);
  });
});

describe('validatePolicySource: files that are not policies', () => {
  it('says policies/license-categories.yml is not a policy, in one error', () => {
    const text = policiesFile('license-categories.yml');
    const errors = validatePolicySource({ path: 'policies/license-categories.yml', text });
    // Its first key is on the first line that is not a comment, at column 1.
    const firstKeyLine = text.split('\n').findIndex((line) => line !== '' && !line.startsWith('#')) + 1;
    expect(positioned(errors)).toEqual([[firstKeyLine, 1, expect.stringMatching(/^this file is not an ospo-gatekeeper policy: none of its top-level keys \(public-domain, permissive, .* is one of extends, mode, licenses, /)]]);
    expect(errors[0]?.message).toContain('(it looks like license categories: each key names a list of license ids');
  });

  it('says policies/license-normalisation.yml is not a policy either', () => {
    const errors = validatePolicySource({ path: 'policies/license-normalisation.yml', text: policiesFile('license-normalisation.yml') });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^this file is not an ospo-gatekeeper policy: none of its top-level keys \(spellings\) .*\(it looks like a license normalisation table/);
  });

  it.each(['permissive.yml', 'strict.yml', 'copyleft-aware.yml'])('accepts the real preset %s as a policy', (name) => {
    expect(validatePolicySource({ path: `policies/${name}`, text: policiesFile(name) })).toEqual([]);
  });

  it('keeps a typo of a policy key an unknown-key error', () => {
    expect(positioned(validate('licences:\n  allow: [MIT]\n'))).toEqual([[1, 1, expect.stringContaining('licences: unknown key "licences", did you mean "licenses"? (expected one of: extends, mode, licenses')]]);
  });

  it('recognises a normalisation table, a workflow and a list', () => {
    expect(validate('"Apache 2.0": Apache-2.0\n"BSD": BSD-3-Clause\nMIT License: MIT\n')[0]?.message).toMatch(/not an ospo-gatekeeper policy: .*\(it looks like a license normalisation table/);
    expect(validate('name: ci\non: [push]\njobs:\n  test: {}\n')[0]?.message).toMatch(/\(it looks like a GitHub Actions workflow\)$/);
    expect(positioned(validate('- MIT\n- ISC\n'))).toEqual([[1, 1, expect.stringContaining('this file is not an ospo-gatekeeper policy: its top level is a list, not a mapping of extends, mode,')]]);
  });
});

describe('parsePolicyFile: limits', () => {
  it('refuses a file over 1 MiB before parsing, counting bytes not characters', () => {
    const header = 'mode: warn\n# ';
    // 'é' is two bytes in UTF-8: under the limit in characters, over it in bytes.
    const text = `${header}${'é'.repeat(MAX_POLICY_BYTES / 2)}\n`;
    expect(text.length).toBeLessThan(MAX_POLICY_BYTES);
    const started = Date.now();
    const result = parsePolicyFile({ path: FILE, text });
    expect(Date.now() - started).toBeLessThan(200); // rejected without parsing (a parse of 1 MiB takes about 700 ms)
    expect(result).toEqual({ ok: false, errors: [{ path: FILE, message: `the file is ${Buffer.byteLength(text)} bytes; a policy file may be at most 1048576 bytes (1 MiB)` }] });
  });

  it('reads a file of exactly 1 MiB', () => {
    const header = 'mode: warn\n#';
    const text = `${header}${'x'.repeat(MAX_POLICY_BYTES - header.length - 1)}\n`;
    expect(Buffer.byteLength(text)).toBe(MAX_POLICY_BYTES);
    expect(parsePolicyFile({ path: FILE, text }).ok).toBe(true);
  });

  const aliased = (count: number) =>
    `licenses:\n  allow: &a [MIT]\npaths:\n${Array.from({ length: count }, (_, index) => `  - match: "p${index}/**"\n    licenses: { allow: *a }\n`).join('')}`;

  it(`refuses more than ${MAX_POLICY_ALIASES} aliases, pointing at the first one too many`, () => {
    // Line 3 + 2 per entry: the 101st alias is on line 205; `    licenses: { allow: ` is 23 characters.
    expect(positioned(validate(aliased(MAX_POLICY_ALIASES + 1)))).toEqual([[205, 24, 'the file has 101 YAML aliases; a policy file may have at most 100']]);
  });

  it(`reads ${MAX_POLICY_ALIASES} aliases as the values they name`, () => {
    const result = loadPolicy({ repo: { path: FILE, text: aliased(MAX_POLICY_ALIASES) } });
    expect(result.ok && result.policy.paths.length).toBe(100);
    expect(result.ok && result.policy.paths.every((path) => path.licenses.allow?.join() === 'MIT')).toBe(true);
  });

  it('refuses aliases that nest into a bomb, with fewer than the limit', () => {
    const row = (alias: string) => `[${Array.from({ length: 10 }, () => alias).join(', ')}]`;
    const text = `extends: permissive\nx-a: &a ${row('x')}\nx-b: &b ${row('*a')}\nx-c: &c ${row('*b')}\nx-d: ${row('*c')}\n`; // 30 aliases, 10^4 values
    expect(positioned(validate(text))).toEqual([[1, 1, expect.stringMatching(/^YAML aliases expand too far/)]]);
  });

  it('refuses an alias inside the node it names', () => {
    expect(positioned(validate('licenses: &l\n  allow: *l\n'))).toEqual([[2, 10, 'alias *l is inside the node it refers to']]);
  });

  it('checks an aliased value where it is defined', () => {
    const errors = validate('paths:\n  - match: a/**\n    licenses: &r { unknown: never }\n  - match: b/**\n    licenses: *r\n');
    expect(positioned(errors)).toEqual([
      [3, 29, 'paths[0].licenses.unknown: expected one of fail | warn | allow, got "never"'],
      [3, 29, 'paths[1].licenses.unknown: expected one of fail | warn | allow, got "never"'],
    ]);
  });
});
