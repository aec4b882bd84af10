/** Rule subjects built by hand for the rule tests: one change, its facts, a policy. */
import type { Change } from '../../src/deps/diff.js';
import type { Dependency } from '../../src/deps/model.js';
import type { Facts, PackageFacts, Vulnerability } from '../../src/facts/types.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';
import type { ChangeRule, RuleSubject } from '../../src/rules/rule.js';
import { UncheckedFacts } from '../../src/rules/unchecked-facts.js';
import { UncheckedLicenses } from '../../src/rules/unchecked-licenses.js';

export const TODAY = '2026-11-25';

/** The built-in defaults (no file): vulnerabilities fail on high, warn on low; malware fails; deprecated warns. */
export function basePolicy(overrides: Partial<Policy> = {}): Policy {
  const loaded = loadPolicy({ repo: { path: 'policy.yml', text: 'mode: enforce\n' } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return { ...loaded.policy, ...overrides };
}

export function dep(name: string, version: string, extra: Partial<Dependency> = {}): Dependency {
  return { ecosystem: 'npm', name, version, purl: `pkg:npm/${name}@${version}`, manifest: 'package-lock.json', line: 10, scope: 'runtime', direct: true, ...extra };
}

export const added = (dependency: Dependency): Change => ({ change: 'added', dependency });
export const upgraded = (previous: Dependency, dependency: Dependency): Change => ({ change: 'upgraded', dependency, previous });
export const downgraded = (previous: Dependency, dependency: Dependency): Change => ({ change: 'downgraded', dependency, previous });

/** Facts by purl, every one said to come from `test source`. */
export function factsOf(byPurl: Record<string, Partial<{ [K in keyof PackageFacts]: NonNullable<PackageFacts[K]>['value'] }>>, extra: Partial<Facts> = {}): Facts {
  const packages = new Map<string, PackageFacts>();
  for (const [purl, values] of Object.entries(byPurl)) {
    const facts: Record<string, { value: unknown; source: string }> = {};
    for (const [kind, value] of Object.entries(values)) facts[kind] = { value, source: 'test source' };
    packages.set(purl, facts as PackageFacts);
  }
  return { packages, unchecked: new Map(), ...extra };
}

export function record(id: string, extra: Partial<Vulnerability> = {}): Vulnerability {
  return { id, aliases: [], severity: 'high', fixed: [], malicious: false, ...extra };
}

export interface Checked {
  findings: ReturnType<ChangeRule['check']>;
  uncheckedFacts: UncheckedFacts;
}

/** Runs one rule over one change, as the judge would build its subject. */
export function check(rule: ChangeRule, change: Change, options: { policy?: Policy; facts?: Facts; today?: string } = {}): Checked {
  const uncheckedFacts = new UncheckedFacts();
  const subject: RuleSubject = {
    change,
    dependency: change.dependency,
    previous: change.previous,
    policy: options.policy ?? basePolicy(),
    today: options.today ?? TODAY,
    facts: options.facts ?? { packages: new Map(), unchecked: new Map() },
    licenseRules: (options.policy ?? basePolicy()).licenses,
    unchecked: new UncheckedLicenses(),
    uncheckedFacts,
    recordExceptions: (options.policy ?? basePolicy()).exceptions.filter((exception) => exception.id !== undefined),
    exceptionUse: undefined,
  };
  const findings = rule.check(subject);
  return { findings, uncheckedFacts };
}
