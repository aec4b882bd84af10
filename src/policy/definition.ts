/** The policy file's schema (`.github/ospo-gatekeeper.yml`), as DESIGN.md shapes it. */
import { parsePurl } from '../deps/purl.js';
import { parseLicense } from '../licenses/expression.js';
import { licenseEntryProblem } from '../licenses/lists.js';
import { globProblem } from './glob.js';
import { date, flag, integer, list, object, oneOf, text, type Schema } from './schema.js';

export const POLICY_FILE = '.github/ospo-gatekeeper.yml';

/** Top-level keys a repository file may set when the org file says nothing in `overrides`. */
export const TOP_LEVEL_KEYS = ['extends', 'mode', 'licenses', 'packages', 'actions', 'exceptions', 'paths', 'overrides', 'repository'] as const;

function licenseEntry(categories: ReadonlySet<string>) {
  return (value: string): string | undefined => {
    if (categories.has(value)) return undefined;
    const problem = licenseEntryProblem(value);
    if (problem === undefined || problem.includes('is an expression')) return problem;
    return `${problem.replace('is not an SPDX license id', 'is neither an SPDX license id nor a category')} (categories: ${[...categories].join(', ')})`;
  };
}

function purlEntry(value: string): string | undefined {
  if (!value.startsWith('pkg:')) return `"${value}" is not a package URL (like pkg:npm/left-pad@1.3.0)`;
  // A version range after @ (`@^1.0.0`, `@>=2 <3`) is ours, not purl syntax: check the rest.
  const at = value.lastIndexOf('@');
  const withoutVersion = at > value.lastIndexOf('/') ? value.slice(0, at) : value;
  return parsePurl(withoutVersion) ? undefined : `"${value}" is not a valid package URL`;
}

function spdxExpression(value: string): string | undefined {
  const parsed = parseLicense(value);
  return parsed.known ? undefined : `"${value}" is not an SPDX license expression: ${parsed.reason}`;
}

const action = oneOf('fail', 'warn', 'allow');

function licenseRules(categories: ReadonlySet<string>): Schema {
  const entry = text(licenseEntry(categories));
  return object({
    allow: list(entry),
    deny: list(entry),
    unknown: action,
    changed: action,
    scopes: list(oneOf('runtime', 'development', 'unknown')),
    'direct-only': flag,
  });
}

export function policySchema(categories: ReadonlySet<string>): Schema {
  return object({
    extends: text(),
    mode: oneOf('enforce', 'warn'),
    licenses: licenseRules(categories),
    packages: object({ deny: list(object({ purl: text(purlEntry), reason: text() }, ['purl'])) }),
    actions: object({ pin: oneOf('sha', 'tag', 'any') }),
    exceptions: list(
      object(
        { package: text(purlEntry), license: text(spdxExpression), reason: text(), 'approved-by': text(), expires: date },
        ['package', 'reason'],
      ),
    ),
    paths: list(object({ match: text(globProblem), ignore: flag, licenses: licenseRules(categories) }, ['match'])),
    overrides: object({ allowed: list(oneOf(...TOP_LEVEL_KEYS.filter((key) => key !== 'overrides'))) }),
    repository: repositorySchema(categories),
  });
}

/** `repository:`: the settings audit (src/settings). A flag says what is required; absent or `false` requires nothing. */
function repositorySchema(categories: ReadonlySet<string>): Schema {
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
