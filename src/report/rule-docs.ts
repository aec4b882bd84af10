/**
 * What each rule means and how to fix what it finds: SARIF rule metadata (code scanning shows
 * it on every alert) and the README's "Rules" section, whose anchors a test checks against
 * RULE_DOCS. A rule without an entry still gets a generic one, so later rules plug in.
 */
import type { Severity } from '../findings.js';

export interface RuleDoc {
  id: string;
  /** One line: the alert's title. */
  short: string;
  /** What the rule checks and when it fires. */
  full: string;
  /** How to fix it, in a sentence or two. */
  help: string;
  /** The severity under the default policy; absent when it depends on the policy alone. */
  level?: Severity;
  tags: readonly string[];
}

export const README_URL = 'https://github.com/ospo-gatekeeper/ospo-gatekeeper/blob/main/README.md';

/** `license/denied` -> `rule-license-denied`: the README anchor of a rule. */
export function ruleAnchor(id: string): string {
  return `rule-${id.replaceAll('/', '-')}`;
}

export function ruleHelpUri(id: string): string {
  return `${README_URL}#${ruleAnchor(id)}`;
}

const LICENSE_TAGS = ['license', 'compliance'] as const;
const SUPPLY_CHAIN_TAGS = ['supply-chain', 'dependencies'] as const;
const SECURITY_TAGS = ['security', 'vulnerability', 'dependencies'] as const;
/** Which exceptions cover the package-intelligence rules, said once for each doc. */
const PACKAGE_EXCEPTION = 'An exception without a license condition covers it (one with license covers the license rules only); it applies in every scope, whatever licenses.scopes and direct-only say.';

export const RULE_DOCS: readonly RuleDoc[] = [
  {
    id: 'license/denied',
    short: 'Dependency license denied by the policy',
    full: "An added or changed dependency is licensed under terms the policy denies (licenses.deny), or, with an allow list, under a license that is not on it (licenses.allow). With an allow list, `A OR B` passes if either license is allowed and `A AND B` only if both are.",
    help: 'Use an alternative under an allowed license, or add an exception for the package (its purl, a reason, and the license so the exception ends if the license changes).',
    level: 'error',
    tags: LICENSE_TAGS,
  },
  {
    id: 'license/unknown',
    short: 'Dependency license could not be identified',
    full: 'The license of an added or changed dependency is missing, is not an SPDX expression (UNLICENSED, SEE LICENSE IN ...), is a LicenseRef the policy does not name, or the dependency has no exact version to look its license up for. licenses.unknown says whether this fails, warns or is allowed.',
    help: "Check the package's license by hand and, if it is acceptable, add an exception with its license; when only a version range is declared, commit a lockfile or pin an exact version.",
    level: 'warning',
    tags: LICENSE_TAGS,
  },
  {
    id: 'license/changed',
    short: 'Dependency license changed on upgrade',
    full: "A dependency's license differs between the version at the base and the new version, as when Redis, Elasticsearch or Terraform moved to source-available terms. licenses.changed says whether this fails or warns.",
    help: 'Review the new license before taking this version: stay on the previous version, or add an exception for the new one once it is approved.',
    level: 'warning',
    tags: LICENSE_TAGS,
  },
  {
    id: 'license/unchecked',
    short: 'Dependency licenses not checked',
    full: 'Some licenses were not looked up: the check ran offline, a license source was down, or a token was missing. One finding per reason. The work was not done, so the check concludes neutral, never success.',
    help: 'Run the check online (without --offline or OSPO_OFFLINE=1), once the source is back, or with the missing token set (GITHUB_TOKEN for GitHub Actions licenses).',
    level: 'warning',
    tags: LICENSE_TAGS,
  },
  {
    id: 'package/denied',
    short: 'Package denied by the policy',
    full: 'An added or changed dependency matches an entry of packages.deny in the policy: a package URL, optionally with a version or version range, such as a compromised release.',
    help: 'Remove the package, or move to a version that the deny entry does not cover.',
    level: 'error',
    tags: SUPPLY_CHAIN_TAGS,
  },
  {
    id: 'actions/unpinned',
    short: 'GitHub Action not pinned as the policy requires',
    full: 'A workflow step or job `uses:` an action by a reference that can move: a tag or branch where the policy asks for a full commit SHA (actions.pin: sha), or a branch where it asks for at least a tag (actions.pin: tag).',
    help: 'Pin the action to the full 40-character commit SHA of the release, with the tag in a comment (`uses: actions/checkout@<sha> # v4.2.2`); Dependabot keeps such pins up to date.',
    level: 'error',
    tags: [...SUPPLY_CHAIN_TAGS, 'github-actions'],
  },
  {
    id: 'exception/expired',
    short: 'Policy exception expired',
    full: "An entry of the policy's exceptions matches this dependency (for an exception with id: the dependency and that vulnerability record), but its expires date has passed, so the dependency is judged as if the exception were not there.",
    help: 'Renew the exception with a new expires date if it is still approved, or remove the package.',
    level: 'warning',
    tags: ['policy', 'compliance'],
  },
  {
    id: 'exception/expiring',
    short: 'Policy exception expires within 30 days',
    full: "An entry of the policy's exceptions applied to a change of this evaluation and its expires date is 30 days away or less (the day itself included). One notice per exception per evaluation, naming the packages it covered here, the date and the days left; after that date the exception no longer applies and its packages are judged as if it were not there.",
    help: 'Renew the exception with a later expires date if it is still approved, or move off the package before the date.',
    level: 'notice',
    tags: ['policy', 'compliance'],
  },
  {
    id: 'exception/unused',
    short: 'Policy exception matches no package',
    full: "An entry of the policy's exceptions matches no dependency of the tree. Said only when the evaluation covers the whole tree (a repository's policy check after a push, check --base empty, a first commit): a pull request evaluates only the projects it touches, so an exception for a package of another project is not unused there. Manifests under ignored paths are not read, so an exception for their packages counts as unused. An exception with id counts as used when its package is in the tree (the records of unchanged packages are not looked up).",
    help: 'Remove the exception if the package is gone, or correct its package URL or version range: an exception that matches nothing lets nothing through, and a later package could match it unreviewed.',
    level: 'notice',
    tags: ['policy', 'compliance'],
  },
  {
    id: 'vulnerability',
    short: 'Dependency has a known vulnerability',
    full: 'The new version is affected by a known vulnerability (an OSV record: GHSA, PYSEC, RUSTSEC, CVE...) whose severity (from its CVSS score, else its advisory rating) is at or above vulnerabilities.fail-on (error; default high) or warn-on (warning; default low). A record of unknown severity is an error under fail-on: any and otherwise a warning whenever the policy judges vulnerabilities, even with warn-on: none, so it is never passed unseen. The message gives the fixed versions and, for a transitive dependency, the chain that brings it in. Every scope (a development dependency runs in CI); package-wide exceptions do not cover it: only a vulnerabilities.ignore entry naming the record (its id or an alias; org-wide) does, until its until date, or an exception with that id for the package (that package only), until its expires date.',
    help: 'Move to a fixed version (for a transitive dependency, upgrade the direct dependency that brings it in, or override its version); if the risk is accepted, add a vulnerabilities.ignore entry with the id, a reason and an until date.',
    tags: SECURITY_TAGS,
  },
  {
    id: 'vulnerability/fixed',
    short: 'Change fixes known vulnerabilities',
    full: 'An upgrade or downgrade leaves behind known vulnerabilities the previous version had: one notice per change naming every record it fixes, with its severity.',
    help: 'Nothing to do: the notice says what the change fixes, for the reviewer.',
    level: 'notice',
    tags: SECURITY_TAGS,
  },
  {
    id: 'vulnerability/ignore-expired',
    short: 'Vulnerability ignore entry expired',
    full: 'A vulnerabilities.ignore entry names a record that affects the dependency, but its until date has passed (OSPO_NOW sets today for reproducible runs), so the record is judged as if the entry were not there.',
    help: 'Renew the entry with a new until date if the risk is still accepted, or move to a version without the vulnerability.',
    level: 'notice',
    tags: SECURITY_TAGS,
  },
  {
    id: 'malware',
    short: 'Dependency is known malware',
    full: 'The new version has an OpenSSF malicious-packages record (OSV MAL- id). malware: fail (the default) makes it an error, warn a warning; severity thresholds do not apply. Every scope, and no package-wide or license exception covers it: only what names the record itself (a reviewed false positive) does: a vulnerabilities.ignore entry (org-wide), until its until date, or an exception with the MAL- id for the package, until its expires date.',
    help: 'Remove the package at once and treat every machine that installed this version as compromised: rotate the secrets it could read.',
    level: 'error',
    tags: [...SECURITY_TAGS, 'malware'],
  },
  {
    id: 'scorecard/low',
    short: "Dependency's OpenSSF Scorecard below the policy",
    full: `A new dependency's source repository has an OpenSSF Scorecard score below scorecard.fail-below (error) or warn-below (warning), or a check below its scorecard.checks minimum (a warning naming each; a check that could not run, or is missing, does not meet its minimum). Judged when a package is added; nothing is judged when no threshold is set, or for a repository Scorecard has not scored. ${PACKAGE_EXCEPTION}`,
    help: 'Read the repository\'s Scorecard report before depending on it; prefer a better-kept alternative, or add an exception with a reason.',
    tags: SUPPLY_CHAIN_TAGS,
  },
  {
    id: 'package/deprecated',
    short: 'Dependency version deprecated',
    full: `The registry marks the new version deprecated, with its reason when it gives one. supply-chain.deprecated says fail, warn (default) or allow. ${PACKAGE_EXCEPTION}`,
    help: 'Move to the version or package the deprecation points to, or drop the dependency; add an exception if it must stay.',
    level: 'warning',
    tags: SUPPLY_CHAIN_TAGS,
  },
  {
    id: 'package/too-new',
    short: 'Dependency version published too recently',
    full: `The new version was published fewer than supply-chain.cooldown-days whole days before today (UTC dates; OSPO_NOW sets today): most malicious releases are found and pulled within days. A warning; 0 (default) turns it off. ${PACKAGE_EXCEPTION}`,
    help: 'Wait until the release is old enough (stay on the previous version), or add an exception if it is needed now.',
    tags: SUPPLY_CHAIN_TAGS,
  },
  {
    id: 'package/install-script',
    short: 'Dependency runs install scripts',
    full: `The lockfile says a new package runs scripts when it is installed (npm hasInstallScript, pnpm requiresBuild), or an upgrade or downgrade moves to a version that runs them when the previous one did not. supply-chain.install-scripts says fail, warn or allow (default). ${PACKAGE_EXCEPTION}`,
    help: 'Read what its preinstall, install and postinstall scripts do; install with scripts off (npm ci --ignore-scripts) if it works without them, or add an exception.',
    tags: SUPPLY_CHAIN_TAGS,
  },
  {
    id: 'governance/single-vendor',
    short: 'Dependency controlled by a single company',
    full: `A new dependency's source repository belongs to an organization one company controls (the curated table policies/governance.yml: foundations, companies; an organization it does not list counts as community), which can relicense or abandon it alone, as with Terraform, Redis, Elasticsearch and Akka. The message names the company and the Scorecard score when known. governance.single-vendor says fail, warn or allow (default). ${PACKAGE_EXCEPTION}`,
    help: 'Prefer a foundation- or community-governed alternative, or record the decision as an exception with a reason.',
    tags: ['governance', 'dependencies'],
  },
  {
    id: 'facts/unchecked',
    short: 'Dependency facts not checked',
    full: 'Facts the policy judges (vulnerabilities, deprecation, publish dates, source repositories, Scorecard scores) were not looked up for some packages: the check ran offline or a source was down. One finding per reason, naming the kinds and how many packages. The work was not done, so the check concludes neutral, never success. Only the kinds the policy judges are looked up.',
    help: 'Run the check online (without --offline or OSPO_OFFLINE=1), or once the source is back.',
    level: 'warning',
    tags: SUPPLY_CHAIN_TAGS,
  },
  {
    id: 'manifest/unparsable',
    short: 'Manifest or lockfile could not be read',
    full: 'A dependency manifest or lockfile could not be parsed at the head, so none of its dependencies were checked. At the base it is a warning, and its packages count as added.',
    help: 'Fix the file, or regenerate it with its package manager, and push again.',
    level: 'error',
    tags: ['dependencies'],
  },
  {
    id: 'manifest/invalid-entry',
    short: 'Manifest or lockfile entry is malformed',
    full: 'An entry of a dependency manifest or lockfile does not have the shape its format allows (an entry that is null or a number, a version that is not a string, a package list where a map belongs). That entry was not checked; the valid entries of the file were.',
    help: 'Fix the entry, or regenerate the file with its package manager, and push again.',
    level: 'error',
    tags: ['dependencies'],
  },
  {
    id: 'metadata/unavailable',
    short: 'License source unavailable',
    full: 'A license source (deps.dev, ClearlyDefined, a package registry, GitHub) could not be reached or failed for some packages; one finding per source. A package no other source answered for is left unchecked (license/unchecked).',
    help: 'Re-run the check when the source is back, or point its OSPO_<SOURCE>_URL variable at a mirror that is reachable from where the check runs.',
    level: 'warning',
    tags: ['license'],
  },
  {
    id: 'policy/invalid',
    short: 'Policy file invalid',
    full: 'The policy file does not load: invalid YAML, an unknown key or value, an unknown preset in extends, a key the organization policy does not let repositories change, a file that is not a policy at all, or a file over the size or alias limits. Every error is reported with its line and column.',
    help: 'Fix each error at the line and column given; `ospo-gatekeeper validate FILE` checks a policy file locally.',
    level: 'error',
    tags: ['policy'],
  },
  {
    id: 'policy/locked',
    short: 'Locked policy key loosened',
    full: "The repository's policy file makes a key looser that the organization policy locks (overrides.locked): a lower vulnerability threshold, a license allowed or no longer denied, a weaker action, an added exception, ignore or paths entry. The organization's value stands and the evaluation goes on with it; the message names the key and both files' lines.",
    help: "Remove the key from the repository's policy file, or make it at least as strict as the organization's; ask the organization's policy owners if it must change.",
    level: 'error',
    tags: ['policy'],
  },
];

const BY_ID = new Map(RULE_DOCS.map((doc) => [doc.id, doc]));

/** The doc of a rule; a generic one for a rule that has none yet. */
export function ruleDoc(id: string): RuleDoc {
  return (
    BY_ID.get(id) ?? {
      id,
      short: `ospo-gatekeeper rule ${id}`,
      full: `A finding of the ospo-gatekeeper rule ${id}; its message says what was found.`,
      help: "Follow the finding's message: it says what was found and how to fix it.",
      tags: [],
    }
  );
}
