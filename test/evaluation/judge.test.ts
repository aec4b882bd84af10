import { describe, expect, it } from '@jest/globals';
import type { Change } from '../../src/deps/diff.js';
import type { Dependency } from '../../src/ecosystems/types.js';
import { judge } from '../../src/evaluation/judge.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';

function policy(text: string): Policy {
  const result = loadPolicy({ repo: { path: 'policy.yml', text } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

function dep(name: string, version: string, extra: Partial<Dependency> = {}): Dependency {
  return {
    ecosystem: 'npm',
    name,
    version,
    purl: `pkg:npm/${name}@${version}`,
    manifest: 'package-lock.json',
    line: 10,
    scope: 'runtime',
    direct: false,
    ...extra,
  };
}

const added = (dependency: Dependency): Change => ({ change: 'added', dependency });
const upgraded = (previous: Dependency, dependency: Dependency): Change => ({ change: 'upgraded', dependency, previous });
const TODAY = '2026-11-25';
const ALLOW_PERMISSIVE = 'licenses:\n  allow: [permissive]\n  unknown: fail\n  changed: fail\n';

describe('judge', () => {
  it('passes allowed licenses and concludes success', () => {
    const result = judge({ changes: [added(dep('a', '1.0.0', { license: 'MIT' }))], problems: [], policy: policy(ALLOW_PERMISSIVE), today: TODAY });
    expect(result).toEqual({ findings: [], conclusion: 'success' });
  });

  it('fails a license outside the allow list, pointing at the declaration of a direct dependency', () => {
    const gpl = dep('gpl', '2.0.0', { license: 'GPL-3.0-only', direct: true, declaredAt: { path: 'package.json', line: 7 } });
    const result = judge({ changes: [added(gpl)], problems: [], policy: policy(ALLOW_PERMISSIVE), today: TODAY });
    expect(result.conclusion).toBe('failure');
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'license/denied',
        severity: 'error',
        message: "gpl@2.0.0 is licensed GPL-3.0-only, which is not in the policy's allow list",
        purl: 'pkg:npm/gpl@2.0.0',
        path: 'package.json',
        line: 7,
        locations: [{ path: 'package.json', line: 7 }, { path: 'package-lock.json', line: 10 }],
      }),
    ]);
  });

  it('reports unknown licenses by the policy: fail, warn or allow', () => {
    const change = added(dep('mystery', '1.0.0', { license: 'UNLICENSED' }));
    const run = (action: string) => judge({ changes: [change], problems: [], policy: policy(`licenses:\n  unknown: ${action}\n`), today: TODAY });
    expect(run('fail').findings.map((f) => [f.rule, f.severity])).toEqual([['license/unknown', 'error']]);
    expect(run('warn')).toMatchObject({ conclusion: 'success', findings: [{ rule: 'license/unknown', severity: 'warning' }] });
    expect(run('allow')).toEqual({ findings: [], conclusion: 'success' });
    expect(run('fail').findings[0]?.message).toBe('mystery@1.0.0 has no license we can identify: UNLICENSED: the author grants no license to use it');
  });

  it('reports licenses that were not checked once per reason, never as unknown one by one, and never as success', () => {
    const unchecked = new Map([
      ['pkg:npm/x@1.0.0', 'deps.dev (https://d.test) unreachable (fetch failed: ENOTFOUND)'],
      ['pkg:npm/y@2.0.0', 'deps.dev (https://d.test) unreachable (fetch failed: ENOTFOUND)'],
      ['pkg:npm/z@3.0.0', 'offline'],
    ]);
    const changes = [added(dep('x', '1.0.0')), added(dep('y', '2.0.0')), added(dep('z', '3.0.0')), added(dep('ok', '1.0.0', { license: 'MIT' }))];
    const result = judge({ changes, problems: [], policy: policy('licenses:\n  unknown: fail\n'), today: TODAY, facts: { packages: new Map(), unchecked } });
    expect(result.findings.map((f) => [f.rule, f.severity, f.message, f.incomplete])).toEqual([
      ['license/unchecked', 'warning', '2 licenses not checked: deps.dev (https://d.test) unreachable (fetch failed: ENOTFOUND) — x@1.0.0, y@2.0.0', true],
      ['license/unchecked', 'warning', '1 license not checked: offline — z@3.0.0', true],
    ]);
    expect(result.conclusion).toBe('neutral');
    expect(result.conclusionReason).toBe('2 licenses not checked: deps.dev (https://d.test) unreachable (fetch failed: ENOTFOUND); 1 license not checked: offline');
  });

  it('lets unknown: allow accept licenses that were not checked, and still fails on real errors', () => {
    const unchecked = new Map([['pkg:npm/x@1.0.0', 'offline']]);
    const allowed = judge({ changes: [added(dep('x', '1.0.0'))], problems: [], policy: policy('licenses:\n  unknown: allow\n'), today: TODAY, facts: { packages: new Map(), unchecked } });
    expect(allowed).toEqual({ findings: [], conclusion: 'success' });
    const gpl = added(dep('gpl', '1.0.0', { license: 'GPL-3.0-only' }));
    const failed = judge({ changes: [added(dep('x', '1.0.0')), gpl], problems: [], policy: policy('licenses:\n  deny: [GPL-3.0-only]\n'), today: TODAY, facts: { packages: new Map(), unchecked } });
    expect(failed.conclusion).toBe('failure');
    expect(failed.conclusionReason).toBe('1 error; 1 license not checked: offline');
  });

  it('says why a version without an exact version has no license to check', () => {
    const managed = dep('org.example:lib', '', { version: undefined, requirement: '${lib.version}', unresolved: 'property lib.version is not defined in this pom or its in-repo parents', purl: 'pkg:maven/org.example/lib', ecosystem: 'maven' });
    const result = judge({ changes: [added(managed)], problems: [], policy: policy('licenses:\n  unknown: warn\n'), today: TODAY });
    expect(result.findings.map((f) => f.message)).toEqual([
      "org.example:lib@${lib.version} has no exact version (property lib.version is not defined in this pom or its in-repo parents), so its license can't be checked",
    ]);
  });

  it('reports a license that changed on upgrade, and not one that was only respelled', () => {
    const relicensed = upgraded(dep('redis-like', '7.2.0', { license: 'BSD-3-Clause' }), dep('redis-like', '7.4.0', { license: 'SSPL-1.0' }));
    const respelled = upgraded(dep('gnu', '1.0.0', { license: 'LGPL-2.1' }), dep('gnu', '1.1.0', { license: 'LGPL-2.1-only' }));
    const result = judge({ changes: [relicensed, respelled], problems: [], policy: policy('licenses:\n  changed: warn\n'), today: TODAY });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'license/changed',
        severity: 'warning',
        message: 'redis-like changed its license from BSD-3-Clause to SSPL-1.0 between 7.2.0 and 7.4.0',
      }),
    ]);
  });

  it('skips scopes the policy does not check, and transitive dependencies under direct-only', () => {
    const devGpl = added(dep('dev-gpl', '1.0.0', { license: 'GPL-3.0-only', scope: 'development' }));
    const transitiveGpl = added(dep('deep-gpl', '1.0.0', { license: 'GPL-3.0-only' }));
    const unknownScopeGpl = added(dep('where-gpl', '1.0.0', { license: 'GPL-3.0-only', scope: 'unknown' }));
    const runtimeOnly = judge({ changes: [devGpl, unknownScopeGpl], problems: [], policy: policy('licenses:\n  deny: [GPL-3.0-only]\n  scopes: [runtime]\n'), today: TODAY });
    expect(runtimeOnly.findings.map((f) => f.name)).toEqual(['where-gpl']); // unknown scope is always checked
    const directOnly = judge({ changes: [transitiveGpl], problems: [], policy: policy('licenses:\n  deny: [GPL-3.0-only]\n  direct-only: true\n'), today: TODAY });
    expect(directOnly.findings).toEqual([]);
  });

  it('applies an exception until it expires, and only while the license is the approved one', () => {
    const gpl = added(dep('copyleft-lib', '1.4.0', { license: 'GPL-3.0-only' }));
    const text = (expires: string, license = 'GPL-3.0-only') =>
      `licenses:\n  deny: [GPL-3.0-only, AGPL-3.0-only]\nexceptions:\n  - package: pkg:npm/copyleft-lib@^1.0.0\n    license: ${license}\n    reason: LEG-123\n    expires: ${expires}\n`;
    expect(judge({ changes: [gpl], problems: [], policy: policy(text('2027-06-30')), today: TODAY }).findings).toEqual([]);
    const expired = judge({ changes: [gpl], problems: [], policy: policy(text('2026-11-24')), today: TODAY });
    expect(expired.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['license/denied', 'error'],
      ['exception/expired', 'warning'],
    ]);
    const otherLicense = judge({ changes: [gpl], problems: [], policy: policy(text('2027-06-30', 'AGPL-3.0-only')), today: TODAY });
    expect(otherLicense.findings.map((f) => f.rule)).toEqual(['license/denied']);
    const outOfRange = added(dep('copyleft-lib', '2.0.0', { license: 'GPL-3.0-only' }));
    expect(judge({ changes: [outOfRange], problems: [], policy: policy(text('2027-06-30')), today: TODAY }).findings.map((f) => f.rule)).toEqual(['license/denied']);
  });

  it('denies listed packages whatever their license or scope', () => {
    const result = judge({
      changes: [added(dep('event-stream', '3.3.6', { license: 'MIT', scope: 'development' })), added(dep('event-stream', '3.3.5', { license: 'MIT' }))],
      problems: [],
      policy: policy('licenses:\n  scopes: [runtime]\npackages:\n  deny:\n    - purl: pkg:npm/event-stream@3.3.6\n      reason: compromised release\n'),
      today: TODAY,
    });
    expect(result.findings.map((f) => [f.rule, f.message])).toEqual([['package/denied', 'event-stream@3.3.6 is denied by policy: compromised release']]);
  });

  it('uses the first matching paths entry for manifests under it', () => {
    const example = added(dep('odd', '1.0.0', { manifest: 'examples/demo/package-lock.json' }));
    const main = added(dep('odd', '1.0.0'));
    const result = judge({
      changes: [example, main],
      problems: [],
      policy: policy('licenses:\n  unknown: fail\npaths:\n  - match: "examples/**"\n    licenses: { unknown: allow }\n'),
      today: TODAY,
    });
    expect(result.findings.map((f) => f.path)).toEqual(['package-lock.json']);
  });

  it('turns errors into warnings and concludes neutral in warn mode', () => {
    const result = judge({ changes: [added(dep('gpl', '1.0.0', { license: 'GPL-3.0-only' }))], problems: [], policy: policy(`mode: warn\n${ALLOW_PERMISSIVE}`), today: TODAY });
    expect(result).toMatchObject({ conclusion: 'neutral', findings: [{ rule: 'license/denied', severity: 'warning' }] });
  });

  it('fails on a file that could not be read, with its position', () => {
    const result = judge({ changes: [], problems: [{ path: 'package-lock.json', line: 3, column: 5, message: 'invalid JSON: Unexpected token' }], policy: policy(''), today: TODAY });
    expect(result).toEqual({
      conclusion: 'failure',
      conclusionReason: '1 error',
      findings: [expect.objectContaining({ rule: 'manifest/unparsable', severity: 'error', path: 'package-lock.json', line: 3, column: 5 })],
    });
  });

  it('fails on a malformed entry as manifest/invalid-entry, at the entry line', () => {
    const problem = { path: 'bun.lock', line: 7, message: '"packages" › "left-pad" is null, expected a list', kind: 'invalid-entry' as const };
    const result = judge({ changes: [], problems: [problem], policy: policy(''), today: TODAY });
    expect(result.conclusion).toBe('failure');
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'manifest/invalid-entry', severity: 'error', path: 'bun.lock', line: 7, message: 'bun.lock:7: "packages" › "left-pad" is null, expected a list' }),
    ]);
  });

  it('concludes neutral, not success, when a metadata source left work undone', () => {
    const result = judge({
      changes: [],
      problems: [],
      policy: policy('licenses:\n  unknown: allow\n'),
      today: TODAY,
      extraFindings: [{ rule: 'metadata/unavailable', severity: 'warning', message: 'npm registry unreachable', incomplete: true }],
    });
    expect(result).toMatchObject({ conclusion: 'neutral', conclusionReason: 'npm registry unreachable' });
    const answeredElsewhere = judge({ changes: [], problems: [], policy: policy(''), today: TODAY, extraFindings: [{ rule: 'metadata/unavailable', severity: 'notice', message: 'npm registry unreachable; other sources answered for them' }] });
    expect(answeredElsewhere.conclusion).toBe('success');
  });

  it('ignores removed packages', () => {
    const result = judge({ changes: [{ change: 'removed', dependency: dep('gpl', '1.0.0', { license: 'GPL-3.0-only' }) }], problems: [], policy: policy(ALLOW_PERMISSIVE), today: TODAY });
    expect(result.findings).toEqual([]);
  });
});

describe('licenses read through the normalisation table', () => {
  it('says what was declared and how it was read, in the message and by the verdict', () => {
    const spelled = added(dep('apache-thing', '1.0.0', { license: 'Apache License, Version 2.0' }));
    const cargo = added(dep('dual', '1.0.0', { license: 'MIT/Apache-2.0' }));
    const result = judge({ changes: [spelled, cargo], problems: [], policy: policy('licenses:\n  allow: [MIT]\n'), today: TODAY });
    // Apache-2.0 is not in the allow list: denied, saying how the text was read; MIT/Apache-2.0 is MIT OR Apache-2.0, allowed.
    expect(result.findings.map((f) => f.message)).toEqual([
      `apache-thing@1.0.0 declared "Apache License, Version 2.0", read as Apache-2.0, which is not in the policy's allow list`,
    ]);
  });

  it('never guesses an ambiguous family name: unknown with a hint', () => {
    const bsd = added(dep('bsd-thing', '1.0.0', { license: 'BSD' }));
    const result = judge({ changes: [bsd], problems: [], policy: policy('licenses:\n  allow: [permissive]\n  unknown: fail\n'), today: TODAY });
    expect(result.conclusion).toBe('failure');
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'license/unknown', severity: 'error', message: expect.stringContaining('BSD-3-Clause') })]);
  });
});

describe('actions.pin', () => {
  const action = (ref: string, pinning: Dependency['pinning'], tag?: string) =>
    added(dep('actions/checkout', ref, { ecosystem: 'github-actions', purl: `pkg:githubactions/actions/checkout@${ref}`, manifest: '.github/workflows/ci.yml', license: 'MIT', pinning, ...(tag ? { tag } : {}) }));
  const sha = '11bd71901bbe5b1630ceea73d27597364c9af683';
  const rules = (pin: string) => policy(`actions:\n  pin: ${pin}\n`);

  it('asks for a full commit SHA under pin: sha', () => {
    const result = judge({ changes: [action('v4', 'tag'), action('main', 'branch'), action(sha, 'commit', 'v4.2.2')], problems: [], policy: rules('sha'), today: TODAY });
    expect(result.findings.map((f) => [f.rule, f.severity, f.message])).toEqual([
      ['actions/unpinned', 'error', 'actions/checkout is pinned to the tag v4; the policy (actions.pin: sha) asks for a full commit SHA'],
      ['actions/unpinned', 'error', 'actions/checkout is pinned to main, which reads as a branch; the policy (actions.pin: sha) asks for a full commit SHA'],
    ]);
    expect(result.findings[0]?.help).toBe('Pin the commit the tag points to, keeping the tag as a comment: uses: actions/checkout@<40-character SHA> # v4');
  });

  it('accepts tags and SHAs under pin: tag, anything under pin: any (the default)', () => {
    const changes = [action('v4', 'tag'), action('main', 'branch'), action(sha, 'commit')];
    expect(judge({ changes, problems: [], policy: rules('tag'), today: TODAY }).findings.map((f) => f.message)).toEqual([
      'actions/checkout is pinned to main, which reads as a branch; the policy (actions.pin: tag) asks for a version tag or a full commit SHA',
    ]);
    expect(judge({ changes, problems: [], policy: policy(''), today: TODAY }).findings).toEqual([]);
  });

  it('shows a SHA short, with the tag it stands for, in messages', () => {
    const unknown = added(dep('actions/checkout', sha, { ecosystem: 'github-actions', purl: `pkg:githubactions/actions/checkout@${sha}`, license: 'NOASSERTION', pinning: 'commit', tag: 'v4.2.2' }));
    const result = judge({ changes: [unknown], problems: [], policy: policy('licenses:\n  unknown: warn\n'), today: TODAY });
    expect(result.findings[0]?.message).toBe('actions/checkout@11bd719 (v4.2.2) has no license we can identify: no SPDX license (NOASSERTION)');
  });
});
