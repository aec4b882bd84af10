/**
 * The judge's rules, each a small module over one change (Allstar's policydef, but pure): a rule
 * reads the change, the facts gathered for it and the policy, and returns its findings. A new
 * rule (vulnerabilities, scorecard) is one new file and one entry in CHANGE_RULES (rules/index.ts).
 */
import type { Change } from '../deps/diff.js';
import type { Dependency } from '../deps/model.js';
import type { Fact, Facts } from '../facts/types.js';
import type { Finding } from '../findings.js';
import type { ExceptionMatch } from '../policy/match.js';
import type { LicenseRules, Policy, PolicyException } from '../policy/types.js';
import type { ExceptionUse } from './exception-use.js';
import type { UncheckedFacts } from './unchecked-facts.js';
import type { UncheckedLicenses } from './unchecked-licenses.js';

/** One added, upgraded or downgraded dependency, with what the judge knows about it. */
export interface RuleSubject {
  change: Change;
  dependency: Dependency;
  /** The base side of an upgrade or downgrade. */
  previous?: Dependency;
  policy: Policy;
  /** Today, as YYYY-MM-DD (exceptions expire against it). */
  today: string;
  facts: Facts;
  /** The dependency's license: the file's, else the looked-up fact. */
  license?: Fact<string>;
  previousLicense?: Fact<string>;
  /** The license rules that apply here (the policy's, with a matching `paths` entry on top). */
  licenseRules: LicenseRules;
  /** The policy exception covering the dependency, if any (possibly expired). */
  exception?: ExceptionMatch;
  /** Where licenses nobody could look up are collected (one grouped finding per reason). */
  unchecked: UncheckedLicenses;
  /** The same for the other facts the policy judges (vulnerabilities, deprecation, Scorecard...). */
  uncheckedFacts: UncheckedFacts;
  /**
   * The active exception without a `license` condition covering the package, whatever its scope:
   * the one that covers the package-intelligence rules (`applies: 'package-unexcepted'`).
   */
  packageException?: ExceptionMatch;
  /** The policy's exceptions with `id` (one shared list): each lets one vulnerability or malware record through. */
  recordExceptions: readonly PolicyException[];
  /** Where the rules note the exceptions they applied (undefined when the policy has none). */
  exceptionUse: ExceptionUse | undefined;
}

export interface ChangeRule {
  readonly id: string;
  /**
   * Which changes the rule looks at: `always` every one; `in-scope` those the license rules'
   * `scopes` and `directOnly` cover; `unexcepted` those in scope that no active exception covers;
   * `package-unexcepted` every scope, unless an active exception without a `license` condition
   * covers the package (one with `license` is about the license only).
   */
  readonly applies: 'always' | 'in-scope' | 'unexcepted' | 'package-unexcepted';
  check(subject: RuleSubject): readonly Finding[];
}

/** What most rules say about most changes: one shared empty list, not one per call. */
export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);
