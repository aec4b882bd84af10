import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { runCli } from '../../src/cli.js';
import { policyJsonSchema, policyJsonSchemaText } from '../../src/policy/json-schema.js';
import { licenseCategories, presetNames } from '../../src/policy/presets.js';
import { validatePolicySource } from '../../src/policy/validate.js';
import { resolveExtends } from '../../src/policy/chain.js';
import { referenceName } from '../../src/policy/reference.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const categories = () => new Set(licenseCategories().keys());
let compiled: ValidateFunction | undefined;
const ajvCheck = () => (compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(policyJsonSchema(categories(), presetNames())));
const ours = (text: string) => validatePolicySource({ path: '.github/ospo-gatekeeper.yml', text }, { role: 'organization' });

describe('the published JSON Schema (policies/ospo-gatekeeper.schema.json)', () => {
  it('is what the schema in code makes (regenerate with `npm run schema`)', () => {
    expect(read('policies/ospo-gatekeeper.schema.json')).toBe(policyJsonSchemaText(categories(), presetNames()));
  });

  it('is printed by `ospo-gatekeeper schema`', async () => {
    let out = '';
    const code = await runCli(['schema'], { stdout: (text) => (out += text), stderr: () => undefined, env: {}, isTty: false, stderrIsTty: false, cwd: '.' });
    expect(code).toBe(0);
    expect(out).toBe(read('policies/ospo-gatekeeper.schema.json'));
  });

  it('takes no arguments', async () => {
    let err = '';
    const code = await runCli(['schema', 'out.json'], { stdout: () => undefined, stderr: (text) => (err += text), env: {}, isTty: false, stderrIsTty: false, cwd: '.' });
    expect(code).toBe(2);
    expect(err).toMatch(/^ospo-gatekeeper: schema takes no arguments/);
  });

  it('offers the categories for license lists and the presets for extends', () => {
    const schema = policyJsonSchema(categories(), presetNames()) as { properties: Record<string, { examples?: string[]; properties?: Record<string, { examples?: string[] }> }> };
    expect(schema.properties.extends?.examples).toEqual(['copyleft-aware', 'permissive', 'strict']);
    expect(schema.properties.licenses?.properties?.allow?.examples).toEqual(expect.arrayContaining(['permissive', 'strong-copyleft', 'network-copyleft']));
  });

  // Files people start from: each must be valid to both the editor's schema and the validator.
  const samples: [string, string][] = [
    ...readdirSync(new URL('policies/', root))
      .filter((name) => presetNames().includes(name.replace(/\.yml$/, '')))
      .map((name): [string, string] => [`policies/${name}`, read(`policies/${name}`)]),
    ['.github/ospo-gatekeeper.yml', read('.github/ospo-gatekeeper.yml')],
    ...readmePolicyExamples().map((text, index): [string, string] => [`README "The policy" example ${index + 1}`, text]),
  ];

  it.each(samples)('accepts %s, as the validator does', async (_name, text) => {
    const check = ajvCheck();
    expect(check(parse(text))).toBe(true);
    expect(check.errors ?? []).toEqual([]);
    // A file the example extends (acme/policies:base.yml@v3) stands for an empty policy here.
    const source = await resolveExtends({ path: '.github/ospo-gatekeeper.yml', text }, { read: async (reference) => ({ path: referenceName(reference), text: '' }) });
    expect(validatePolicySource(source, { role: 'organization' })).toEqual([]);
  });

  // Shape errors an editor can see: each rejected by the schema and by the validator alike.
  const invalid: [string, string][] = [
    ['an unknown top-level key', 'licences:\n  allow: [MIT]\n'],
    ['a value outside an enum', 'mode: strict\n'],
    ['a text where a list belongs', 'licenses:\n  allow: MIT\n'],
    ['an unknown nested key', 'licenses:\n  unknwon: fail\n'],
    ['a required key missing', 'exceptions:\n  - package: pkg:npm/a\n'],
    ['a number above its maximum', 'scorecard:\n  warn-below: 11\n'],
    ['a fraction where a whole number belongs', 'supply-chain:\n  cooldown-days: 1.5\n'],
    ['a check Scorecard does not have', 'scorecard:\n  checks: { Maintenance: 3 }\n'],
    ['a date not written YYYY-MM-DD', 'exceptions:\n  - package: pkg:npm/a\n    reason: legal\n    expires: 30/06/2027\n'],
    ['a list where a flag belongs', 'repository:\n  issues: [yes]\n'],
  ];

  it.each(invalid)('rejects %s, as the validator does', (_name, text) => {
    expect(ajvCheck()(parse(text))).toBe(false);
    expect(ours(text).length).toBeGreaterThan(0);
  });
});

/** The ```yaml blocks of the README's "The policy" section that hold a policy (not the schema line alone). */
function readmePolicyExamples(): string[] {
  const readme = read('README.md');
  const start = readme.indexOf('\n## The policy\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] as string).filter((text) => parse(text) !== null);
}
