/** The policy file's schema (`.github/ospo-gatekeeper.yml`), as DESIGN.md shapes it. */
import semver from 'semver';
import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { parsePurl } from '../deps/purl.js';
import { parseLicense } from '../licenses/expression.js';
import { licenseEntryProblem } from '../licenses/lists.js';
import { SPDX_LICENSE_IDS } from '../licenses/spdx-data.js';
import { didYouMean } from '../words.js';
import { globProblem } from './glob.js';
import { patternParts } from './match.js';
import { LOCKABLE_KEYS } from './locks.js';
import { about, date, flag, integer, list, mapOf, numberBetween, object, oneOf, text, type TypeOf } from './schema.js';
import type { PolicyError } from './types.js';

export const POLICY_FILE = '.github/ospo-gatekeeper.yml';

/** Top-level keys a repository file may set when the org file says nothing in `overrides`. */
export const TOP_LEVEL_KEYS = [
  'extends',
  'mode',
  'licenses',
  'packages',
  'actions',
  'exceptions',
  'paths',
  'overrides',
  'repository',
  'vulnerabilities',
  'malware',
  'scorecard',
  'supply-chain',
  'governance',
  'sbom',
] as const;

function licenseEntry(categories: ReadonlySet<string>) {
  return (value: string): string | undefined => {
    if (categories.has(value)) return undefined;
    const problem = licenseEntryProblem(value);
    if (problem === undefined || problem.includes('is an expression')) return problem;
    // No reading of its own (`write Apache-2.0`): the nearest id or category, if one is near.
    const guess = problem.includes(': ') ? '' : didYouMean(value, [...SPDX_LICENSE_IDS, ...categories]);
    return `${problem.replace('is not an SPDX license id', 'is neither an SPDX license id nor a category')}${guess} (categories: ${[...categories].join(', ')})`;
  };
}

function purlEntry(value: string): string | undefined {
  if (!value.startsWith('pkg:')) return `"${value}" is not a package URL (like pkg:npm/left-pad@1.3.0)`;
  // A version range after @ (`@^1.0.0`, `@>=2 <3`) is ours, not purl syntax: check the rest.
  const { identity, version } = patternParts(value);
  if (!parsePurl(identity)) return `"${value}" is not a valid package URL`;
  return version !== undefined ? versionProblem(version) : undefined;
}

/**
 * After `@`: an exact version (any ecosystem's shape: `1.0.0.Final`, `2.0b1`) or a semver range.
 * Text with range operators that semver cannot read would match nothing, silently: an error.
 */
function versionProblem(version: string): string | undefined {
  if (version === '') return 'nothing after "@": give a version or a range, or leave the "@" out for every version';
  const decoded = safeDecode(version);
  if (!/[<>=^~|*\s]|\bx\b/i.test(decoded) || semver.validRange(decoded, { loose: true }) !== null) return undefined;
  return `"${decoded}" is not a version range semver can read (like ^1.2.0, ~1.2, >=1.0.0 <2.0.0 or 1.x)`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function spdxExpression(value: string): string | undefined {
  const parsed = parseLicense(value);
  return parsed.known ? undefined : `"${value}" is not an SPDX license expression: ${parsed.reason}`;
}

const action = oneOf('fail', 'warn', 'allow');
export const SEVERITY_THRESHOLDS = ['critical', 'high', 'medium', 'low', 'any', 'none'] as const;
const severity = oneOf(...SEVERITY_THRESHOLDS);
/** Scorecard's aggregate score: 0 to 10, with one decimal (`6.8`). */
const score = numberBetween(0, 10);

/**
 * The id shapes of the databases people name most; another prefix (`DSA-`, `RHSA-`, `BIT-`...)
 * only needs to look like an OSV id. Exact, because matching is by the id as written: a
 * mistyped id would ignore nothing and say nothing.
 */
const VULNERABILITY_ID_SHAPES: ReadonlyMap<string, { pattern: RegExp; example: string }> = new Map([
  ['GHSA', { pattern: /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, example: 'GHSA-jfh8-c2jp-5v3q' }],
  ['CVE', { pattern: /^CVE-\d{4}-\d{4,}$/, example: 'CVE-2021-44228' }],
  ['PYSEC', { pattern: /^PYSEC-\d{4}-\d+$/, example: 'PYSEC-2021-19' }],
  ['RUSTSEC', { pattern: /^RUSTSEC-\d{4}-\d{4}$/, example: 'RUSTSEC-2021-0078' }],
  ['GO', { pattern: /^GO-\d{4}-\d{4,}$/, example: 'GO-2022-0969' }],
  ['MAL', { pattern: /^MAL-\d{4}-\d+$/, example: 'MAL-2022-1' }],
]);

function vulnerabilityIdProblem(id: string): string | undefined {
  const prefix = id.split('-')[0] ?? '';
  const shape = VULNERABILITY_ID_SHAPES.get(prefix.toUpperCase());
  if (shape === undefined) {
    // OSV: `<DB>-<ENTRYID>`, no spaces.
    return /^[A-Za-z][A-Za-z0-9]*-\S+$/.test(id) ? undefined : `"${id}" is not a vulnerability id (an OSV id or alias like GHSA-jfh8-c2jp-5v3q or CVE-2021-44228)`;
  }
  if (shape.pattern.test(id)) return undefined;
  const upper = prefix.toUpperCase();
  const rest = id.slice(prefix.length);
  const canonical = `${upper}${upper === 'GHSA' ? rest.toLowerCase() : rest}`;
  if (shape.pattern.test(canonical)) return `"${id}": write it ${canonical}, as the advisory databases do`;
  return `"${id}" is not a ${upper} id (like ${shape.example})`;
}

function nonBlank(value: string): string | undefined {
  return value.trim() === '' ? 'say why (an empty reason is no reason)' : undefined;
}

/** OpenSSF Scorecard's check names (v5, experimental ones included), as deps.dev and the Scorecard API spell them. */
export const SCORECARD_CHECKS: readonly string[] = [
  'Binary-Artifacts',
  'Branch-Protection',
  'CI-Tests',
  'CII-Best-Practices',
  'Code-Review',
  'Contributors',
  'Dangerous-Workflow',
  'Dependency-Update-Tool',
  'Fuzzing',
  'License',
  'Maintained',
  'Packaging',
  'Pinned-Dependencies',
  'SAST',
  'SBOM',
  'Security-Policy',
  'Signed-Releases',
  'Token-Permissions',
  'Vulnerabilities',
  'Webhooks',
];

/** A check name that is not Scorecard's would never be scored, so its minimum would never apply. */
function scorecardCheckProblem(name: string): string | undefined {
  if (SCORECARD_CHECKS.includes(name)) return undefined;
  const cased = SCORECARD_CHECKS.find((check) => check.toLowerCase() === name.toLowerCase());
  if (cased) return `Scorecard spells this check ${cased}`;
  return `"${name}" is not a Scorecard check (checks: ${SCORECARD_CHECKS.join(', ')})`;
}

const ACTION_WORDS = 'fail (an error), warn (a warning) or allow (nothing)';

function licenseRules(categories: ReadonlySet<string>) {
  const entry = text(licenseEntry(categories));
  const entries = (what: string) => about(`${what}: SPDX ids or categories (${[...categories].join(', ')})`, list(entry), [...categories]);
  return object({
    allow: entries('Licenses a package may have (an expression passes when it can be satisfied with these)'),
    deny: entries('Licenses a package may not have (an expression is denied when every way to satisfy it uses one)'),
    unknown: about(`A license that is missing or not a valid SPDX expression: ${ACTION_WORDS}`, action),
    changed: about(`A license that changed on upgrade: ${ACTION_WORDS}`, action),
    scopes: about('Which dependencies the license rules judge', list(oneOf('runtime', 'development', 'unknown'))),
    'direct-only': about('Judge only direct dependencies', flag),
  });
}

/** `presets`: the names `extends` takes, offered by editors (the validator checks them in load.ts). */
export function policySchema(categories: ReadonlySet<string>, presets: readonly string[] = []) {
  return about(
    'The open-source policy ospo-gatekeeper enforces: in a repository, and in the organization\'s .github repository (the default every repository inherits).',
    object({
      extends: about(
        `What to start from: a preset in policies/${presets.length > 0 ? ` (${presets.join(', ')})` : ''}, a file in a repository as owner/repo:path (its default branch) or owner/repo:path@ref, or in the CLI a local path relative to this file. Parents may extend in turn, up to 5 files deep; a file named twice is a cycle`,
        text(),
        presets,
      ),
      mode: about('enforce, or warn: errors are reported as warnings and the check ends neutral', oneOf('enforce', 'warn')),
      licenses: about('What licenses new and changed dependencies may have', licenseRules(categories)),
      packages: about('Packages no one may add', object({ deny: list(object({ purl: about('A package URL, with an optional version or range after @', text(purlEntry)), reason: text() }, ['purl'])) })),
      actions: about('GitHub Actions workflows', object({ pin: about('How `uses:` must be pinned: sha (a full commit SHA), tag, or any', oneOf('sha', 'tag', 'any')) })),
      exceptions: about(
        'Packages let through on purpose, each with a reason: for the license rules (with license: while the package keeps that license), for one vulnerability or malware record (with id), else for the license and package rules',
        list(
          object(
            {
              package: about('A package URL, with an optional version or range after @ (pkg:npm/lib@^1.0.0)', text(purlEntry)),
              license: about('The exception ends when the package\'s license is no longer this one', text(spdxExpression)),
              id: about('The exception covers only this vulnerability or malware record (an OSV id or alias) of the package, nothing else; not together with license', text(vulnerabilityIdProblem)),
              reason: text(),
              'approved-by': text(),
              expires: about('The last day the exception applies (YYYY-MM-DD)', date),
            },
            ['package', 'reason'],
          ),
        ),
      ),
      paths: about(
        'Rules for the manifests under a glob: other license rules, or not evaluated at all',
        list(object({ match: about('A glob over manifest paths: * within a folder, ** across folders, ? one character', text(globProblem)), ignore: about('Manifests under it are not evaluated', flag), licenses: licenseRules(categories) }, ['match'])),
      ),
      overrides: about(
        'Org file only: what a repository file may change',
        object({
          allowed: about('Top-level keys a repository file may set', list(oneOf(...TOP_LEVEL_KEYS.filter((key) => key !== 'overrides')))),
          locked: about('Keys a repository file may tighten but never loosen: a looser value is an error, and the organization\'s value stands', list(oneOf(...LOCKABLE_KEYS))),
        }),
      ),
      repository: about('The repository settings audit', repositorySchema(categories)),
      vulnerabilities: about(
        'Known vulnerabilities (OSV) in new and changed packages',
        object({
          'fail-on': about('The lowest severity that is an error: high means high and critical; any every record; none no record', severity),
          'warn-on': about('The lowest severity that is a warning (no stricter than fail-on)', severity),
          ignore: about(
            'Vulnerabilities let through on purpose',
            list(object({ id: about('An OSV id or alias (GHSA-..., CVE-..., PYSEC-..., RUSTSEC-..., GO-..., MAL-...)', text(vulnerabilityIdProblem)), until: about('The last day the entry applies (YYYY-MM-DD)', date), reason: text(nonBlank), 'approved-by': text() }, ['id', 'reason'])),
          ),
        }),
      ),
      malware: about('A version with an OpenSSF malicious-packages record: fail or warn', oneOf('fail', 'warn')),
      scorecard: about(
        "OpenSSF Scorecard of a new dependency's source repository",
        object({
          'warn-below': about('A warning below this overall score (0 to 10)', score),
          'fail-below': about('An error below this overall score (0 to 10, at most warn-below)', score),
          checks: about('Per-check minimums (0 to 10), warned on when a check scores lower', mapOf(integer(0, 10), scorecardCheckProblem, SCORECARD_CHECKS)),
        }),
      ),
      'supply-chain': about(
        'Signals of supply-chain risk',
        object({
          'cooldown-days': about('A version published fewer days ago than this is too new; 0 = off', integer(0)),
          deprecated: about(`A deprecated version: ${ACTION_WORDS}`, action),
          'install-scripts': about(`A new package that runs install scripts: ${ACTION_WORDS}`, action),
        }),
      ),
      governance: about('Who controls a new dependency', object({ 'single-vendor': about(`A project one company controls (policies/governance.yml): ${ACTION_WORDS}`, action) })),
      sbom: about(
        'Software bills of materials the app publishes',
        object({ 'release-asset': about('Attach sbom.cdx.json (CycloneDX 1.6) and sbom.spdx.json (SPDX 2.3), built from the tag, to every published release (the app needs contents: write)', flag) }),
      ),
    }),
  );
}

/** `repository:`: the settings audit (src/settings). A flag says what is required; absent or `false` requires nothing. */
function repositorySchema(categories: ReadonlySet<string>) {
  const licenses = list(text(licenseEntry(categories)));
  return object({
    issues: flag,
    scope: object({
      visibility: oneOf('all', 'public', 'private'),
      include: list(text(globProblem)),
      exclude: list(text(globProblem)),
      archived: flag,
      forks: flag,
      properties: list(object({ name: text(), value: text() }, ['name', 'value'])),
    }),
    'branch-protection': object({
      branches: list(text(globProblem)),
      'required-approvals': integer(0),
      'dismiss-stale-reviews': flag,
      'code-owner-review': flag,
      'last-push-approval': flag,
      'required-status-checks': list(text()),
      'strict-status-checks': flag,
      'allow-force-pushes': flag,
      'allow-deletions': flag,
      'linear-history': flag,
      'signed-commits': flag,
      'conversation-resolution': flag,
      'enforce-admins': flag,
    }),
    'required-files': list(text()),
    license: object({ allow: licenses, deny: licenses }),
    security: object({
      'vulnerability-alerts': flag,
      'security-updates': flag,
      'secret-scanning': flag,
      'push-protection': flag,
      'private-vulnerability-reporting': flag,
    }),
    merge: object({ 'delete-branch-on-merge': flag, 'allowed-methods': list(oneOf('merge', 'squash', 'rebase')) }),
    hygiene: object({ wiki: flag, projects: flag, 'outside-admins': flag, 'default-branch': text() }),
  });
}

/**
 * An exception with both `id` and `license`: `id` binds it to one vulnerability record and
 * `license` to the license rules, so no change could meet both. Reported at `id`.
 */
export function exceptionConflicts(exceptions: Node | undefined, path: string, lines: LineCounter): PolicyError[] {
  if (!isSeq(exceptions)) return [];
  return exceptions.items.flatMap((item, index) => {
    if (!isMap(item)) return [];
    const keyNamed = (name: string) => item.items.find((pair) => isScalar(pair.key) && pair.key.value === name)?.key as Node | undefined;
    const id = keyNamed('id');
    if (id === undefined || keyNamed('license') === undefined) return [];
    const at = id.range ? lines.linePos(id.range[0]) : undefined;
    const message = `exceptions[${index}]: id and license together: an exception with id covers only that vulnerability record, one with license only the license rules; write two exceptions`;
    return [{ path, ...(at ? { line: at.line, column: at.col } : {}), message }];
  });
}

/** One policy file as it reads once valid (kebab-case keys as written; nothing merged or defaulted). */
export type PolicyFile = TypeOf<ReturnType<typeof policySchema>>;
/** Its `licenses:` mapping (also each `paths[].licenses`). */
export type LicensesSection = NonNullable<PolicyFile['licenses']>;
/** Its `repository:` mapping. */
export type RepositorySection = NonNullable<PolicyFile['repository']>;
