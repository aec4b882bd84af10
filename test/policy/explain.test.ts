/** Issue 16, item 6: `explain` names the decision, the entry that makes it and where it is written in each layer. */
import { describe, expect, it } from '@jest/globals';
import { explain, placeText, type Explanation, type ExplainInput } from '../../src/policy/explain.js';
import { loadPolicyLayers } from '../../src/policy/load.js';

const ORG = 'acme/.github:.github/ospo-gatekeeper.yml';
const REPO = '.github/ospo-gatekeeper.yml';
const BASE = 'policies/base.yml';

// Line numbers and columns below are counted by hand from these texts (and policies/strict.yml).
const ORG_TEXT = [
  'extends: strict', // 1
  'overrides:', // 2
  '  locked: [licenses.unknown, licenses.deny]', // 3: licenses.unknown at 12, licenses.deny at 30
  'licenses:', // 4
  '  deny: [strong-copyleft]', // 5: key at 3, entry at 10
  '  unknown: fail', // 6
].join('\n');
const BASE_TEXT = ['licenses:', '  allow: [permissive, MPL-2.0]'].join('\n'); // 2: key at 3, permissive at 11, MPL-2.0 at 23
const REPO_TEXT = [
  'extends: ../policies/base.yml', // 1
  'licenses:', // 2
  '  unknown: warn', // 3: looser than the org's locked fail
  '  deny: [AGPL-3.0-only]', // 4: entry at 10
  'packages:', // 5
  '  deny:', // 6
  '    - purl: pkg:npm/left-pad@<2', // 7: entry at 7
  '      reason: unpublished', // 8
  'exceptions:', // 9
  '  - package: pkg:npm/gpl-lib', // 10
  '    license: GPL-3.0-only', // 11
  '    reason: legal approved', // 12
  '    expires: 2026-12-31', // 13
  '  - package: pkg:npm/gpl-lib@1.0.0', // 14
  '    reason: old one', // 15
  '    expires: 2026-01-01', // 16
  '  - package: pkg:npm/left-pad', // 17
  '    id: GHSA-jfh8-c2jp-5v3q', // 18
  '    reason: not reachable', // 19
  'paths:', // 20
  '  - match: examples/**', // 21
  '    licenses:', // 22
  '      allow: [permissive, LGPL-2.1-only]', // 23: permissive at 15, LGPL-2.1-only at 27
  '  - match: fixtures/**', // 24
  '    ignore: true', // 25
].join('\n');

const loaded = loadPolicyLayers({
  org: { path: ORG, text: ORG_TEXT },
  repo: { path: REPO, text: REPO_TEXT, extended: { parents: [{ path: BASE, text: BASE_TEXT }], errors: [] } },
});
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const { layers, policy } = loaded;

function run(subject: ExplainInput['subject'], manifest?: string): Explanation {
  return explain({ layers, policy, subject, today: '2026-12-04', ...(manifest ? { manifest } : {}) });
}

/** `key entry at file:line:column (label)` for each deciding entry of each judgement. */
const deciding = (explained: Explanation) => explained.licenses.map((judgement) => [judgement.rules, judgement.verdict, ...judgement.deciding.map((use) => `${use.key} ${use.entry} at ${placeText(use.at)}`)]);

describe('explain: the layers as loaded', () => {
  it('are the preset, the org file, the repository parent and the repository file, lowest first', () => {
    expect(layers.map((layer) => [layer.label, layer.role])).toEqual([
      ['preset:strict', 'preset'],
      [ORG, 'org'],
      [BASE, 'repo'],
      [REPO, 'repo'],
    ]);
  });
});

describe('explain a license', () => {
  // [subject, --path, decision, [rules, verdict, deciding entries...] per judgement]
  const cases: [string, string | undefined, Explanation['decision'], string[][]][] = [
    ['GPL-3.0-only', undefined, 'error', [['licenses', 'denied', `licenses.deny[0] strong-copyleft at ${ORG}:5:10`]]],
    ['AGPL-3.0-only', undefined, 'error', [['licenses', 'denied', `licenses.deny[0] AGPL-3.0-only at ${REPO}:4:10`]]],
    ['MPL-2.0', undefined, 'pass', [['licenses', 'allowed', `licenses.allow[1] MPL-2.0 at ${BASE}:2:23`]]],
    ['MIT OR GPL-3.0-only', undefined, 'pass', [['licenses', 'allowed', `licenses.allow[0] permissive at ${BASE}:2:11`]]],
    // Not in the allow list: no entry decides, the allow list does.
    ['LicenseRef-acme', undefined, 'error', [['licenses', 'denied']]],
    // Under examples/** the entry's own allow list replaces the policy's ...
    ['LGPL-2.1-only', 'examples/package-lock.json', 'pass', [['licenses', 'denied'], ['paths[0]', 'allowed', `paths[0].licenses.allow[1] LGPL-2.1-only at ${REPO}:23:27`]]],
    ['MPL-2.0', 'examples/a/package-lock.json', 'error', [['licenses', 'allowed', `licenses.allow[1] MPL-2.0 at ${BASE}:2:23`], ['paths[0]', 'denied']]],
    // ... but the deny lists still apply there (the entry sets no deny list of its own).
    ['GPL-3.0-only', 'examples/package-lock.json', 'error', [['licenses', 'denied', `licenses.deny[0] strong-copyleft at ${ORG}:5:10`], ['paths[0]', 'denied', `licenses.deny[0] strong-copyleft at ${ORG}:5:10`]]],
    // An ignored manifest is not evaluated at all.
    ['GPL-3.0-only', 'fixtures/x/package.json', 'pass', [['licenses', 'denied', `licenses.deny[0] strong-copyleft at ${ORG}:5:10`]]],
    // Outside every paths entry: the policy's rules alone.
    ['LGPL-2.1-only', 'src/package-lock.json', 'error', [['licenses', 'denied']]],
  ];
  it.each(cases)('%s (path %s): %s', (license, manifest, decision, judgements) => {
    const explained = run({ kind: 'license', license }, manifest);
    expect(explained.decision).toBe(decision);
    expect(deciding(explained)).toEqual(judgements);
  });

  it('deny: every layer that adds to the deny list, and why they add up', () => {
    const [judgement] = run({ kind: 'license', license: 'GPL-3.0-only' }).licenses;
    expect(judgement?.settings.map((setting) => [setting.key, setting.setBy.map((by) => placeText(by.at)), setting.why])).toEqual([
      ['licenses.deny', [`${ORG}:5:3`, `${REPO}:4:3`], 'deny lists add up across layers (a later layer cannot lift a deny)'],
    ]);
  });

  it('allow: the preset set one, the repository parent replaced it', () => {
    const [judgement] = run({ kind: 'license', license: 'MPL-2.0' }).licenses;
    const [allow] = judgement?.settings ?? [];
    expect(allow?.setBy.map((by) => [placeText(by.at), by.value])).toEqual([
      ['policies/strict.yml:9:3 (preset:strict)', ['permissive']],
      [`${BASE}:2:3`, ['permissive', 'MPL-2.0']],
    ]);
    expect(allow?.why).toBe(`${BASE} is the last layer to set it, and a later layer's value replaces the ones below`);
  });

  it('unknown: the repository wrote warn, the org locked fail, so fail stands and the check fails', () => {
    const explained = run({ kind: 'license', license: 'Some Custom License' });
    expect(explained.decision).toBe('error');
    const [judgement] = explained.licenses;
    expect(judgement?.verdict).toBe('unknown');
    const [unknown] = judgement?.settings ?? [];
    expect(unknown?.value).toBe('fail');
    expect(unknown?.setBy.map((by) => [placeText(by.at), by.value])).toEqual([
      ['policies/strict.yml:10:3 (preset:strict)', 'fail'],
      [`${ORG}:6:3`, 'fail'],
      [`${REPO}:3:3`, 'warn'],
    ]);
    expect(unknown?.why).toBe(`locked by ${ORG}:3:12: ${ORG}'s value stands over ${REPO}'s looser one`);
    expect(explained.locks.map((lock) => `${lock.key} ${placeText(lock.at)}`)).toEqual([`licenses.unknown ${ORG}:3:12`, `licenses.deny ${ORG}:3:30`]);
    expect(explained.notes.some((note) => note.startsWith(`${REPO}:3:3: licenses.unknown: locked`))).toBe(true);
  });

  it('--path: the ignoring entry and the overriding one, where they stand', () => {
    expect(run({ kind: 'license', license: 'MIT' }, 'fixtures/x/package.json').path?.ignoredBy).toEqual({ entry: 'fixtures/**', key: 'paths[1]', at: { label: REPO, path: REPO, line: 24, column: 5 } });
    expect(run({ kind: 'license', license: 'MIT' }, 'examples/package-lock.json').path?.override).toEqual({ entry: 'examples/**', key: 'paths[0]', at: { label: REPO, path: REPO, line: 21, column: 5 } });
  });

  it('mode: set by the preset, enforce', () => {
    const { mode } = run({ kind: 'license', license: 'MIT' });
    expect([mode.value, mode.setBy.map((by) => placeText(by.at))]).toEqual(['enforce', ['policies/strict.yml:7:1 (preset:strict)']]);
  });
});

describe('explain a package', () => {
  /** `key status daysLeft at place` per exception that names the package. */
  const exceptions = (explained: Explanation) => explained.package?.exceptions.map((use) => `${use.key} ${use.status} ${use.daysLeft ?? '-'} at ${placeText(use.at)}`);
  // [purl, --license, decision, packages.deny entries, exceptions]
  const cases: [string, string | undefined, Explanation['decision'], string[], string[]][] = [
    ['pkg:npm/left-pad@1.3.0', undefined, 'error', [`packages.deny[0] at ${REPO}:7:7: unpublished`], [`exceptions[2] record-only - at ${REPO}:17:5`]],
    ['pkg:npm/left-pad@2.0.0', undefined, 'depends-on-license', [], [`exceptions[2] record-only - at ${REPO}:17:5`]],
    // 2026-12-04 to 2026-12-31 is 27 days; 2026-01-01 was 337 days before.
    ['pkg:npm/gpl-lib@1.0.0', 'GPL-3.0-only', 'pass', [], [`exceptions[0] active 27 at ${REPO}:10:5`, `exceptions[1] expired -337 at ${REPO}:14:5`]],
    ['pkg:npm/gpl-lib@1.0.0', 'MIT', 'pass', [], [`exceptions[0] license-differs 27 at ${REPO}:10:5`, `exceptions[1] expired -337 at ${REPO}:14:5`]],
    ['pkg:npm/gpl-lib@2.0.0', 'AGPL-3.0-only', 'error', [], [`exceptions[0] license-differs 27 at ${REPO}:10:5`]],
    ['pkg:npm/gpl-lib@2.0.0', undefined, 'depends-on-license', [], [`exceptions[0] if-license 27 at ${REPO}:10:5`]],
    ['pkg:npm/other@1.0.0', 'MIT', 'pass', [], []],
  ];
  it.each(cases)('%s (license %s): %s', (purl, license, decision, denied, excepted) => {
    const explained = run({ kind: 'package', purl, ...(license ? { license } : {}) });
    expect(explained.decision).toBe(decision);
    expect(explained.package?.denied.map((use) => `${use.key} at ${placeText(use.at)}: ${use.reason}`)).toEqual(denied);
    expect(exceptions(explained)).toEqual(excepted);
  });

  it('with its license: the license rules judged too, and the exception that lifts them said', () => {
    const explained = run({ kind: 'package', purl: 'pkg:npm/gpl-lib@1.0.0', license: 'GPL-3.0-only' });
    expect(deciding(explained)).toEqual([['licenses', 'denied', `licenses.deny[0] strong-copyleft at ${ORG}:5:10`]]);
    expect(explained.package?.exceptedFromLicenseRules).toBe(true);
    expect(explained.notes).toContain('an active exception covers the package: the license rules above are not applied to it');
  });

  it('without a license: each category as the rules judge it (strict allow list plus MPL-2.0, strong copyleft denied)', () => {
    const categories = run({ kind: 'package', purl: 'pkg:npm/left-pad@2.0.0' }).package?.categories ?? [];
    const byName = new Map(categories.map((category) => [category.category, category]));
    const permissive = byName.get('permissive');
    expect(permissive && permissive.allowed > 0 && permissive.denied === 0).toBe(true);
    const strong = byName.get('strong-copyleft');
    expect(strong && strong.allowed === 0 && strong.denied > 0).toBe(true);
    expect(run({ kind: 'package', purl: 'pkg:npm/left-pad@2.0.0' }).locks.map((lock) => lock.key)).toEqual([]);
  });
});

describe('explain in warn mode', () => {
  it('an error is reported as a warning, and mode says which layer set warn', () => {
    const warn = loadPolicyLayers({ repo: { path: REPO, text: 'mode: warn\nlicenses:\n  deny: [GPL-3.0-only]\n' } });
    if (!warn.ok) throw new Error(JSON.stringify(warn.errors));
    const explained = explain({ layers: warn.layers, policy: warn.policy, subject: { kind: 'license', license: 'GPL-3.0-only' }, today: '2026-12-04' });
    expect(explained.decision).toBe('warning');
    expect(explained.licenses[0]?.outcome).toBe('error');
    expect(explained.mode.setBy.map((by) => placeText(by.at))).toEqual([`${REPO}:1:1`]);
    expect(explained.mode.why).toBe(`${REPO} is the last layer to set it; errors are reported as warnings`);
  });
});

describe('explain without an allow list, and with no policy file at all', () => {
  it('no allow list: a license no deny entry names passes, and no entry decides it', () => {
    const denyOnly = loadPolicyLayers({ repo: { path: REPO, text: 'licenses:\n  deny: [GPL-3.0-only]\n' } });
    if (!denyOnly.ok) throw new Error(JSON.stringify(denyOnly.errors));
    const explained = explain({ layers: denyOnly.layers, policy: denyOnly.policy, subject: { kind: 'license', license: 'MIT' }, today: '2026-12-04' });
    expect(explained.decision).toBe('pass');
    expect(explained.licenses[0]?.deciding).toEqual([]);
    expect(explained.licenses[0]?.settings.map((setting) => [setting.key, setting.setBy.map((by) => placeText(by.at)), setting.why])).toEqual([
      ['licenses.allow', [], 'no layer sets an allow list: a license no deny entry names is allowed'],
      ['licenses.deny', [`${REPO}:2:3`], 'deny lists add up across layers (a later layer cannot lift a deny)'],
    ]);
  });

  it('no policy file: the permissive preset decides, at its own line', () => {
    const none = loadPolicyLayers({});
    if (!none.ok) throw new Error(JSON.stringify(none.errors));
    const explained = explain({ layers: none.layers, policy: none.policy, subject: { kind: 'license', license: 'MIT' }, today: '2026-12-04' });
    expect(explained.sources).toEqual(['policies/permissive.yml']);
    expect(deciding(explained)).toEqual([['licenses', 'allowed', 'licenses.allow[0] permissive at policies/permissive.yml:6:11']]);
  });
});
