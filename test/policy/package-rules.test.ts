import { describe, expect, it } from '@jest/globals';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { loadPolicy, packageRuleDefaults, type PolicySource } from '../../src/policy/load.js';
import { validatePolicySource } from '../../src/policy/validate.js';
import { checkNode, integer, list, mapOf, numberBetween, type Schema } from '../../src/policy/schema.js';
import type { Policy } from '../../src/policy/types.js';

const REPO = '.github/ospo-gatekeeper.yml';
const ORG = 'acme/.github:.github/ospo-gatekeeper.yml';
const repoFile = (text: string): PolicySource => ({ path: REPO, text });
const orgFile = (text: string): PolicySource => ({ path: ORG, text });
const rulesOf = (policy: Policy) => ({
  vulnerabilities: policy.vulnerabilities,
  malware: policy.malware,
  scorecard: policy.scorecard,
  supplyChain: policy.supplyChain,
  governance: policy.governance,
});
function loaded(layers: { org?: PolicySource; repo?: PolicySource }): Policy {
  const result = loadPolicy(layers);
  if (!result.ok) throw new Error(`did not load: ${JSON.stringify(result.errors)}`);
  return result.policy;
}
/** [line, column, message] of each error of a repository file loaded alone. */
const errorsOf = (text: string) => validatePolicySource(repoFile(text)).map((error) => [error.line, error.column, error.message]);

const FULL = `vulnerabilities:
  fail-on: high
  warn-on: medium
  ignore:
    - id: GHSA-jfh8-c2jp-5v3q
      until: 2027-03-31
      reason: not reachable from our code (SEC-42)
      approved-by: security-team
    - id: CVE-2021-44228
      reason: patched in our fork
malware: warn
scorecard:
  warn-below: 4.5
  fail-below: 2
  checks: { Maintained: 3, Code-Review: 3 }
supply-chain:
  cooldown-days: 3
  deprecated: fail
  install-scripts: warn
governance:
  single-vendor: warn
`;

describe('package-rule sections: parsed into the typed Policy', () => {
  it('reads every key of every section', () => {
    expect(rulesOf(loaded({ repo: repoFile(FULL) }))).toEqual({
      vulnerabilities: {
        failOn: 'high',
        warnOn: 'medium',
        ignore: [
          { id: 'GHSA-jfh8-c2jp-5v3q', until: '2027-03-31', reason: 'not reachable from our code (SEC-42)', approvedBy: 'security-team' },
          { id: 'CVE-2021-44228', reason: 'patched in our fork' },
        ],
      },
      malware: 'warn',
      scorecard: { warnBelow: 4.5, failBelow: 2, checks: { Maintained: 3, 'Code-Review': 3 } },
      supplyChain: { cooldownDays: 3, deprecated: 'fail', installScripts: 'warn' },
      governance: { singleVendor: 'warn' },
    });
  });

  it('reads an until date under %YAML 1.1 as the day written', () => {
    const text = '%YAML 1.1\n---\nvulnerabilities:\n  ignore:\n    - id: GO-2022-0969\n      until: 2027-01-01\n      reason: r\n';
    expect(loaded({ repo: repoFile(text) }).vulnerabilities.ignore).toEqual([{ id: 'GO-2022-0969', until: '2027-01-01', reason: 'r' }]);
  });

  it('accepts the id shapes of the common databases and any other OSV prefix', () => {
    const ids = ['GHSA-jfh8-c2jp-5v3q', 'CVE-2024-123456', 'PYSEC-2021-19', 'RUSTSEC-2021-0078', 'GO-2022-0969', 'MAL-2024-9', 'DSA-5000-1', 'SUSE-SU-2024:1234-1'];
    const text = `vulnerabilities:\n  ignore:\n${ids.map((id) => `    - { id: ${id}, reason: r }\n`).join('')}`;
    expect(loaded({ repo: repoFile(text) }).vulnerabilities.ignore.map((entry) => entry.id)).toEqual(ids);
  });
});

describe('package-rule sections: defaults and presets', () => {
  const defaults = {
    vulnerabilities: { failOn: 'high', warnOn: 'low', ignore: [] },
    malware: 'fail',
    scorecard: { checks: {} },
    supplyChain: { cooldownDays: 0, deprecated: 'warn', installScripts: 'allow' },
    governance: { singleVendor: 'allow' },
  };

  it('fills in the defaults when a file says nothing about packages', () => {
    expect(rulesOf(loaded({ repo: repoFile('mode: warn\n') }))).toEqual(defaults);
    expect(packageRuleDefaults()).toEqual(defaults);
  });

  it('keeps the defaults under the permissive and copyleft-aware presets (no file at all = permissive)', () => {
    expect(rulesOf(loaded({}))).toEqual(defaults);
    expect(rulesOf(loaded({ repo: repoFile('extends: permissive\n') }))).toEqual(defaults);
    expect(rulesOf(loaded({ repo: repoFile('extends: copyleft-aware\n') }))).toEqual(defaults);
  });

  it('makes strict fail from medium severity and on deprecated versions, and warn on everything else it reads', () => {
    expect(rulesOf(loaded({ repo: repoFile('extends: strict\n') }))).toEqual({
      ...defaults,
      vulnerabilities: { failOn: 'medium', warnOn: 'any', ignore: [] },
      supplyChain: { cooldownDays: 0, deprecated: 'fail', installScripts: 'warn' },
    });
  });

  it('keeps one section default when another key of it is set', () => {
    const policy = loaded({ repo: repoFile('supply-chain:\n  cooldown-days: 7\nscorecard:\n  checks: { Maintained: 5 }\n') });
    expect(policy.supplyChain).toEqual({ cooldownDays: 7, deprecated: 'warn', installScripts: 'allow' });
    expect(policy.scorecard).toEqual({ checks: { Maintained: 5 } }); // no threshold: the aggregate is not judged
  });
});

describe('package-rule sections: merged across preset -> org -> repository', () => {
  const org = `extends: strict
vulnerabilities:
  fail-on: high
  ignore:
    - id: CVE-2021-44228
      reason: org-wide
scorecard:
  warn-below: 5
  checks: { Maintained: 3, Code-Review: 4 }
supply-chain:
  cooldown-days: 2
governance:
  single-vendor: warn
`;
  const repo = `vulnerabilities:
  warn-on: medium
  ignore:
    - id: GHSA-jfh8-c2jp-5v3q
      reason: this repo
malware: warn
scorecard:
  fail-below: 3
  checks: { Code-Review: 2, Fuzzing: 1 }
supply-chain:
  install-scripts: fail
`;

  it('lets a later scalar win, concatenates ignore lists and merges checks by name', () => {
    const policy = loaded({ org: orgFile(org), repo: repoFile(repo) });
    expect(policy.sources).toEqual(['preset:strict', ORG, REPO]);
    expect(rulesOf(policy)).toEqual({
      // fail-on: org over strict's medium; warn-on: repo over strict's any.
      vulnerabilities: {
        failOn: 'high',
        warnOn: 'medium',
        ignore: [
          { id: 'CVE-2021-44228', reason: 'org-wide' },
          { id: 'GHSA-jfh8-c2jp-5v3q', reason: 'this repo' },
        ],
      },
      malware: 'warn',
      scorecard: { warnBelow: 5, failBelow: 3, checks: { Maintained: 3, 'Code-Review': 2, Fuzzing: 1 } },
      // deprecated: fail from strict; cooldown from the org; install scripts from the repository.
      supplyChain: { cooldownDays: 2, deprecated: 'fail', installScripts: 'fail' },
      governance: { singleVendor: 'warn' },
    });
  });

  it('judges warn-on against fail-on after the merge, at the later layer, naming where the other came from', () => {
    const result = loadPolicy({ org: orgFile('vulnerabilities:\n  warn-on: high\n'), repo: repoFile('mode: warn\nvulnerabilities:\n  fail-on: low\n') });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: REPO,
          line: 3,
          column: 3,
          message: `vulnerabilities.fail-on: warn-on "high" (from ${ORG}) is stricter than fail-on "low": every record it would warn on already fails; use a warn-on of low or any (or none for no warnings)`,
        },
      ],
    });
  });

  it('judges a warn-on against the default fail-on when no layer sets one', () => {
    expect(errorsOf('vulnerabilities:\n  warn-on: critical\n')).toEqual([
      [2, 3, 'vulnerabilities.warn-on: warn-on "critical" is stricter than fail-on "high" (the default): every record it would warn on already fails; use a warn-on of high, medium, low or any (or none for no warnings)'],
    ]);
  });

  it('judges fail-below against a warn-below set by an earlier layer', () => {
    const result = loadPolicy({ org: orgFile('scorecard:\n  warn-below: 3\n'), repo: repoFile('scorecard:\n  fail-below: 3.5\n') });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: REPO,
        line: 2,
        column: 3,
        message: `scorecard.fail-below: fail-below 3.5 is above warn-below 3 (from ${ORG}): every score that would warn already fails; make fail-below at most warn-below`,
      },
    ]);
  });

  it('judges the merged policy: an organization file wrong on its own loads once the repository sets it right', () => {
    const org = orgFile('vulnerabilities:\n  fail-on: low\n  warn-on: high\n');
    expect(validatePolicySource(org, { role: 'organization' }).map((error) => [error.line, error.column])).toEqual([[3, 3]]);
    expect(loaded({ org, repo: repoFile('vulnerabilities:\n  warn-on: any\n') }).vulnerabilities).toEqual({ failOn: 'low', warnOn: 'any', ignore: [] });
  });
});

describe('package-rule sections: validation errors with line and column', () => {
  it('reports unknown keys in each section', () => {
    expect(errorsOf('vulnerabilities:\n  fail_on: high\nscorecard:\n  warn-above: 4\nsupply-chain:\n  cooldown: 3\ngovernance:\n  vendor: warn\n')).toEqual([
      [2, 3, 'vulnerabilities.fail_on: unknown key "fail_on", did you mean "fail-on"? (expected one of: fail-on, warn-on, ignore)'],
      [4, 3, 'scorecard.warn-above: unknown key "warn-above" (expected one of: warn-below, fail-below, checks)'],
      [6, 3, 'supply-chain.cooldown: unknown key "cooldown" (expected one of: cooldown-days, deprecated, install-scripts)'],
      [8, 3, 'governance.vendor: unknown key "vendor" (expected one of: single-vendor)'],
    ]);
  });

  it('reports wrong types and values', () => {
    expect(errorsOf('vulnerabilities:\n  fail-on: severe\n  ignore: GHSA-jfh8-c2jp-5v3q\nmalware: allow\nscorecard:\n  warn-below: "4"\n  checks: [Maintained]\nsupply-chain: warn\n')).toEqual([
      [2, 12, 'vulnerabilities.fail-on: expected one of critical | high | medium | low | any | none, got "severe"'],
      [3, 11, 'vulnerabilities.ignore: expected a list'],
      [4, 10, 'malware: expected one of fail | warn, got "allow"'],
      [6, 15, 'scorecard.warn-below: expected a number, got "4"'],
      [7, 11, 'scorecard.checks: expected a mapping of names to values'],
      [8, 15, 'supply-chain: expected a mapping of keys'],
    ]);
  });

  it('reports numbers out of range, fractions where whole numbers belong and non-numbers', () => {
    const text = 'scorecard:\n  warn-below: 10.5\n  fail-below: -1\n  checks:\n    Maintained: 11\n    Code-Review: 2.5\n    Fuzzing: .nan\nsupply-chain:\n  cooldown-days: -3\n';
    expect(errorsOf(text)).toEqual([
      [2, 15, 'scorecard.warn-below: must be between 0 and 10, got 10.5'],
      [3, 15, 'scorecard.fail-below: must be between 0 and 10, got -1'],
      [5, 17, 'scorecard.checks.Maintained: must be between 0 and 10, got 11'],
      [6, 18, 'scorecard.checks.Code-Review: expected a whole number, got 2.5'],
      [7, 14, 'scorecard.checks.Fuzzing: expected a whole number, got .nan'],
      [9, 18, 'supply-chain.cooldown-days: must be at least 0'],
    ]);
  });

  it('reports check names that are not Scorecard checks, with the spelling when only the case is wrong', () => {
    expect(errorsOf('scorecard:\n  checks:\n    maintained: 3\n    Maintainers: 3\n    __proto__: 1\n')).toEqual([
      [3, 5, 'scorecard.checks.maintained: Scorecard spells this check Maintained'],
      [4, 5, expect.stringMatching(/^scorecard\.checks\.Maintainers: "Maintainers" is not a Scorecard check \(checks: Binary-Artifacts, .*, Webhooks\)$/)],
      [5, 5, expect.stringContaining('scorecard.checks.__proto__: "__proto__" is not a Scorecard check')],
    ]);
  });

  it('reports vulnerability ids of the wrong shape, and the right spelling when only the case is wrong', () => {
    const ids = ['ghsa-JFH8-c2jp-5v3q', 'GHSA-abcd-1234-5678', 'cve-2021-44228', 'CVE-21-44228', 'RUSTSEC-2021-78', 'log4shell', 'CVE 2021 44228'];
    const text = `vulnerabilities:\n  ignore:\n${ids.map((id) => `    - id: ${id}\n      reason: r\n`).join('')}`;
    expect(errorsOf(text)).toEqual([
      [3, 11, 'vulnerabilities.ignore[0].id: "ghsa-JFH8-c2jp-5v3q": write it GHSA-jfh8-c2jp-5v3q, as the advisory databases do'],
      [5, 11, 'vulnerabilities.ignore[1].id: "GHSA-abcd-1234-5678" is not a GHSA id (like GHSA-jfh8-c2jp-5v3q)'],
      [7, 11, 'vulnerabilities.ignore[2].id: "cve-2021-44228": write it CVE-2021-44228, as the advisory databases do'],
      [9, 11, 'vulnerabilities.ignore[3].id: "CVE-21-44228" is not a CVE id (like CVE-2021-44228)'],
      [11, 11, 'vulnerabilities.ignore[4].id: "RUSTSEC-2021-78" is not a RUSTSEC id (like RUSTSEC-2021-0078)'],
      [13, 11, 'vulnerabilities.ignore[5].id: "log4shell" is not a vulnerability id (an OSV id or alias like GHSA-jfh8-c2jp-5v3q or CVE-2021-44228)'],
      [15, 11, 'vulnerabilities.ignore[6].id: "CVE 2021 44228" is not a vulnerability id (an OSV id or alias like GHSA-jfh8-c2jp-5v3q or CVE-2021-44228)'],
    ]);
  });

  it('requires an id and a reason on every ignore entry, and a date in the calendar', () => {
    const text = 'vulnerabilities:\n  ignore:\n    - id: CVE-2021-44228\n      until: 2027-02-30\n    - reason: "  "\n';
    expect(errorsOf(text)).toEqual([
      [3, 7, 'vulnerabilities.ignore[0]: missing required key "reason"'],
      [4, 14, 'vulnerabilities.ignore[0].until: 2027-02-30 is not a date in the calendar'],
      [5, 7, 'vulnerabilities.ignore[1]: missing required key "id"'],
      [5, 15, 'vulnerabilities.ignore[1].reason: say why (an empty reason is no reason)'],
    ]);
  });

  it('reports a warn-on stricter than fail-on in the same file at warn-on', () => {
    expect(errorsOf('vulnerabilities:\n  fail-on: low\n  warn-on: high\n')).toEqual([
      [3, 3, 'vulnerabilities.warn-on: warn-on "high" is stricter than fail-on "low": every record it would warn on already fails; use a warn-on of low or any (or none for no warnings)'],
    ]);
  });

  it('accepts warn-on equal to fail-on, warn-on none and fail-on none', () => {
    for (const pair of ['fail-on: medium\n  warn-on: medium', 'fail-on: any\n  warn-on: none', 'fail-on: none\n  warn-on: critical', 'fail-on: critical\n  warn-on: any']) {
      expect(errorsOf(`vulnerabilities:\n  ${pair}\n`)).toEqual([]);
    }
  });

  it('reports fail-below above warn-below in the same file at fail-below, and accepts them equal', () => {
    expect(errorsOf('scorecard:\n  warn-below: 3\n  fail-below: 4\n')).toEqual([
      [3, 3, 'scorecard.fail-below: fail-below 4 is above warn-below 3: every score that would warn already fails; make fail-below at most warn-below'],
    ]);
    expect(errorsOf('scorecard:\n  warn-below: 3\n  fail-below: 3\n')).toEqual([]);
  });

  it('finds the keys of a section written through an alias', () => {
    const text = 'x-base: &base { fail-on: low, warn-on: high }\nvulnerabilities: *base\n';
    // x-base itself is an unknown key; the conflict is placed at the anchored node's warn-on.
    expect(errorsOf(text).map(([line, column, message]) => [line, column, String(message).slice(0, 40)])).toEqual([
      [1, 1, 'x-base: unknown key "x-base" (expected o'],
      [1, 31, 'vulnerabilities.warn-on: warn-on "high" '],
    ]);
  });
});

describe('package-rule sections: overrides', () => {
  it('lets the organization forbid repositories to change vulnerabilities', () => {
    const result = loadPolicy({
      org: orgFile('vulnerabilities:\n  fail-on: medium\noverrides:\n  allowed: [exceptions, scorecard]\n'),
      repo: repoFile('scorecard:\n  warn-below: 3\nvulnerabilities:\n  fail-on: critical\n'),
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: REPO, line: 3, column: 1, message: `vulnerabilities: the organization policy (${ORG}) lets repositories change only exceptions, scorecard` }],
    });
  });

  it('lets a repository change the sections the organization allows', () => {
    const policy = loaded({
      org: orgFile('overrides:\n  allowed: [vulnerabilities, malware, scorecard, supply-chain, governance]\n'),
      repo: repoFile('vulnerabilities:\n  ignore: [{ id: MAL-2024-9, reason: false positive }]\nmalware: warn\ngovernance: { single-vendor: fail }\n'),
    });
    expect(policy.vulnerabilities.ignore).toEqual([{ id: 'MAL-2024-9', reason: 'false positive' }]);
    expect(policy.malware).toBe('warn');
    expect(policy.governance).toEqual({ singleVendor: 'fail' });
  });

  it('refuses a name in overrides.allowed that is no section', () => {
    const errors = validatePolicySource(orgFile('overrides:\n  allowed: [vulnerability]\n'), { role: 'organization' });
    expect(errors.map((error) => [error.line, error.column, error.message])).toEqual([
      [
        2,
        13,
        'overrides.allowed[0]: expected one of extends | mode | licenses | packages | actions | exceptions | paths | repository | vulnerabilities | malware | scorecard | supply-chain | governance | sbom, got "vulnerability"',
      ],
    ]);
  });
});

describe('schema combinators used by the sections', () => {
  const check = (text: string, schema: Schema) => {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    return checkNode(doc.contents as Node, schema, 'x', lines, doc);
  };

  it('bounds a whole number above only', () => {
    expect(check('6', integer(undefined, 5))).toEqual([{ line: 1, column: 1, message: 'x: must be at most 5, got 6' }]);
    expect(check('-40', integer(undefined, 5))).toEqual([]);
  });

  it('takes fractions in a number range, bounds included', () => {
    expect(check('[0, 2.5, 10]', list(numberBetween(0, 10)))).toEqual([]);
    expect(check('[10.01, .inf]', list(numberBetween(0, 10)))).toEqual([
      { line: 1, column: 2, message: 'x[0]: must be between 0 and 10, got 10.01' },
      { line: 1, column: 9, message: 'x[1]: expected a number, got .inf' },
    ]);
  });

  it('checks each name and value of a map, and refuses keys that are not names', () => {
    const schema = mapOf(integer(0), (name) => (name.startsWith('ok') ? undefined : 'not ok'));
    expect(check('{ ok1: 1, bad: 2, ok2: -1, 7: 1 }', schema)).toEqual([
      { line: 1, column: 11, message: 'x.bad: not ok' },
      { line: 1, column: 24, message: 'x.ok2: must be at least 0' },
      { line: 1, column: 28, message: 'x: keys must be plain names' },
    ]);
  });
});
