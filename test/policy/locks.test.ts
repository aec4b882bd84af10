import { describe, expect, it } from '@jest/globals';
import { loadPolicy, policyProblems } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';
import { evaluateFiles } from '../helpers/evaluate-files.js';

const ORG = 'acme/.github:.github/ospo-gatekeeper.yml';
const REPO = '.github/ospo-gatekeeper.yml';

function load(org: string, repo: string) {
  const loaded = loadPolicy({ org: { path: ORG, text: org }, repo: { path: REPO, text: repo } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.policy;
}

const orgWith = (locked: string[], body: string) => `overrides:\n  allowed: [licenses, vulnerabilities, scorecard, supply-chain, exceptions, mode, malware, actions, paths]\n  locked: [${locked.join(', ')}]\n${body}`;

describe('overrides.locked: a repository may tighten a locked key, never loosen it', () => {
  // [key, org body, repo file, what the merged policy holds for the key]
  const loosened: [string, string, string, (policy: Policy) => unknown, unknown][] = [
    ['vulnerabilities.fail-on', 'vulnerabilities:\n  fail-on: high\n', 'vulnerabilities:\n  fail-on: critical\n', (policy) => policy.vulnerabilities.failOn, 'high'],
    ['licenses.unknown', 'licenses:\n  unknown: fail\n', 'licenses:\n  unknown: warn\n', (policy) => policy.licenses.unknown, 'fail'],
    ['licenses.allow', 'licenses:\n  allow: [MIT]\n', 'licenses:\n  allow: [MIT, GPL-3.0-only]\n', (policy) => policy.licenses.allow, ['MIT']],
    ['mode', 'mode: enforce\n', 'mode: warn\n', (policy) => policy.mode, 'enforce'],
    ['malware', 'malware: fail\n', 'malware: warn\n', (policy) => policy.malware, 'fail'],
    ['scorecard.fail-below', 'scorecard:\n  warn-below: 5\n  fail-below: 3\n', 'scorecard:\n  fail-below: 0\n', (policy) => policy.scorecard.failBelow, 3],
    ['supply-chain.cooldown-days', 'supply-chain:\n  cooldown-days: 7\n', 'supply-chain:\n  cooldown-days: 1\n', (policy) => policy.supplyChain.cooldownDays, 7],
    ['actions.pin', 'actions:\n  pin: sha\n', 'actions:\n  pin: tag\n', (policy) => policy.actions.pin, 'sha'],
    ['exceptions', '', 'exceptions:\n  - package: pkg:npm/a\n    reason: legal said yes\n', (policy) => policy.exceptions.length, 0],
  ];

  it.each(loosened)('%s: a looser value is an error at its line naming the org line, and the org value stands', (key, body, repo, read, expected) => {
    const policy = load(orgWith([key], body), repo);
    expect(read(policy)).toEqual(expected);
    expect(policy.lockViolations).toEqual([
      {
        path: REPO,
        line: repo.startsWith(key.split('.')[0] as string) && key.includes('.') ? 2 : 1,
        column: key.includes('.') && !['exceptions'].includes(key) ? 3 : 1,
        message: expect.stringMatching(new RegExp(`^${key.replace('.', '\\.')}: locked by the organization policy \\(${ORG.replace(/[.]/g, '\\.')}:3\\) at .*; this file makes it .*, which is looser: the organization's value stands$`)),
      },
    ]);
  });

  it('names both values in the message', () => {
    const policy = load(orgWith(['vulnerabilities.fail-on'], 'vulnerabilities:\n  fail-on: high\n'), 'vulnerabilities:\n  fail-on: critical\n');
    expect(policy.lockViolations?.[0]?.message).toBe(`vulnerabilities.fail-on: locked by the organization policy (${ORG}:3) at high; this file makes it critical, which is looser: the organization's value stands`);
  });

  it.each([
    ['vulnerabilities.fail-on', 'vulnerabilities:\n  fail-on: high\n', 'vulnerabilities:\n  fail-on: medium\n', (policy: Policy) => policy.vulnerabilities.failOn, 'medium'],
    ['licenses.allow', 'licenses:\n  allow: [MIT, ISC]\n', 'licenses:\n  allow: [MIT]\n', (policy: Policy) => policy.licenses.allow, ['MIT']],
    ['licenses.unknown', 'licenses:\n  unknown: warn\n', 'licenses:\n  unknown: fail\n', (policy: Policy) => policy.licenses.unknown, 'fail'],
    ['supply-chain.cooldown-days', 'supply-chain:\n  cooldown-days: 3\n', 'supply-chain:\n  cooldown-days: 10\n', (policy: Policy) => policy.supplyChain.cooldownDays, 10],
  ])('%s: a stricter value is taken, with no error', (key, body, repo, read, expected) => {
    const policy = load(orgWith([key], body), repo);
    expect(read(policy)).toEqual(expected);
    expect(policy.lockViolations).toBeUndefined();
  });

  it('leaves keys that are not locked to the repository, as before', () => {
    const policy = load(orgWith(['malware'], 'vulnerabilities:\n  fail-on: high\n'), 'vulnerabilities:\n  fail-on: critical\n');
    expect(policy.vulnerabilities.failOn).toBe('critical');
    expect(policy.lockViolations).toBeUndefined();
  });

  it('is what the policy check reports for the repository file', () => {
    const loaded = loadPolicy({ org: { path: ORG, text: orgWith(['mode'], 'mode: enforce\n') }, repo: { path: REPO, text: 'mode: warn\n' } });
    expect(policyProblems(loaded)).toEqual([expect.objectContaining({ path: REPO, line: 1, column: 1, message: expect.stringContaining('mode: locked by the organization policy') })]);
  });

  it('refuses a key no lock can name, at its entry', () => {
    const loaded = loadPolicy({ org: { path: ORG, text: 'overrides:\n  locked: [licenses.allowed]\n' } });
    expect(loaded.ok ? [] : loaded.errors.map((error) => [error.line, error.column, error.message])).toEqual([[2, 12, expect.stringContaining('overrides.locked[0]: expected one of mode | licenses.allow | licenses.deny')]]);
  });
});

describe('licenses.deny across layers', () => {
  it('adds up: a repository file cannot lift a deny of the organization or its preset', () => {
    const policy = load('licenses:\n  deny: [GPL-3.0-only]\n', 'licenses:\n  deny: [AGPL-3.0-only]\n');
    expect(policy.licenses.deny).toEqual(['GPL-3.0-only', 'AGPL-3.0-only']);
  });
});

describe('a loosened lock in an evaluation', () => {
  it('is a policy/locked error on the repository file, and the verdict uses the org value', async () => {
    const policy = load(orgWith(['licenses.unknown'], 'licenses:\n  unknown: fail\n'), 'licenses:\n  unknown: allow\n');
    const lock = JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { a: '^1.0.0' } }, 'node_modules/a': { version: '1.0.0', license: 'Nonsense' } } }, null, 2);
    const report = await evaluateFiles(new Map(), new Map([['package-lock.json', lock]]), policy);
    expect(report.conclusion).toBe('failure');
    expect(report.findings.filter((finding) => finding.rule === 'policy/locked')).toEqual([
      expect.objectContaining({ severity: 'error', path: REPO, line: 2, column: 3, message: expect.stringMatching(/^\.github\/ospo-gatekeeper\.yml:2: licenses\.unknown: locked by the organization policy/) }),
    ]);
    // licenses.unknown stayed `fail`: the unreadable license is an error, not allowed.
    expect(report.findings.find((finding) => finding.rule === 'license/unknown')?.severity).toBe('error');
  });
});
