/** The CLI's help texts (DESIGN.md "CLI" contract), one per command, with every environment variable. */
import { CACHE_VARIABLES } from '../metadata/cache-config.js';
import { METADATA_VARIABLES } from '../metadata/config.js';
import { AUDIT_REPORTERS } from '../report/audit-reporters.js';
import { REPORTERS } from '../report/reporter.js';

const FORMAT_IDS = REPORTERS.map((reporter) => reporter.id);
const AUDIT_FORMAT_IDS = AUDIT_REPORTERS.map((reporter) => reporter.id);

const ENVIRONMENT: readonly [string, string][] = [
  ['OSPO_NOW', 'ISO date used as today (exception expiry), for reproducible runs'],
  ...METADATA_VARIABLES,
  ...CACHE_VARIABLES,
  ['NO_COLOR', 'set: no colour in the text output (colour is only used on a terminal anyway)'],
];

const EXIT = `Exit status:
  0  no error finding (a neutral conclusion too, unless --fail-on neutral)
  1  at least one error finding (or a neutral conclusion with --fail-on neutral)
  2  usage, policy or environment error (one line on stderr)`;

function environment(): string {
  const width = Math.max(...ENVIRONMENT.map(([name]) => name.length));
  return `Environment:\n${ENVIRONMENT.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`).join('\n')}`;
}

export const CHECK_USAGE = `Usage: ospo-gatekeeper check [--dir PATH] [--base REF] [--head REF] [--policy FILE]
                             [--format ${FORMAT_IDS.join('|')}] [--offline] [--fail-on neutral]

Judges the dependency changes between two git refs against the policy.

Options:
  --dir PATH         the repository, or a folder in it: only that subtree is evaluated,
                     paths are shown from the repository root (default: .)
  --base REF         default: the merge base with the default branch (on it, the parent commit);
                     "empty" counts every dependency as added
  --head REF         default: HEAD
  --policy FILE      default: .github/ospo-gatekeeper.yml at the base ref, else the permissive preset
  --format FORMAT    ${FORMAT_IDS[0]} (default), ${FORMAT_IDS.slice(1).join(', ')}
  --offline          look nothing up: licenses the files don't record are reported as not checked
  --fail-on neutral  exit 1 on a neutral conclusion too (work not done: offline, a source down...)
  -h, --help         this help

${EXIT}

${environment()}`;

export const SBOM_USAGE = `Usage: ospo-gatekeeper sbom [--dir PATH] [--ref REF] [--format cyclonedx|spdx] [--output FILE]
                            [--policy FILE] [--offline]

Writes the software bill of materials of a git ref: every dependency of its manifests and
lockfiles, once per package URL, with the manifests it was read from, its scope, the license
declared and the license concluded (looked up as check does, unless --offline), the hashes and
the dependency graph the lockfile records. Formats without a graph (requirements.txt,
Pipfile.lock...) give no dependency edges. go.sum is not read: Go modules come from go.mod.

Options:
  --dir PATH       the repository, or a folder in it: only that subtree is described (default: .)
  --ref REF        the commit described (default: HEAD)
  --format FORMAT  cyclonedx (default: CycloneDX 1.6 JSON), spdx (SPDX 2.3 JSON)
  --output FILE    write the document there (atomically: all or nothing) instead of stdout
  --policy FILE    default: .github/ospo-gatekeeper.yml at the ref, else the permissive preset
                   (it decides which facts are looked up)
  --offline        look nothing up: licenses the files don't record are left NOASSERTION
  -h, --help       this help

With OSPO_NOW set, the document's time is that date at 00:00:00Z, and the same ref, facts
and version give the same bytes.

Exit status:
  0  the document was written
  2  usage, policy or environment error, or the document could not be written (one line on stderr)

${environment()}`;

export const VALIDATE_USAGE = `Usage: ospo-gatekeeper validate FILE...

Checks policy files: every error of each file, with file:line:column, sorted. The files
it extends are read and checked too: a local path beside it, owner/repo:path[@ref] from
GitHub with GITHUB_TOKEN (GITHUB_API_URL for GitHub Enterprise Server).

Options:
  -h, --help  this help

Exit status:
  0  every file is a valid policy
  2  a file is invalid, not a policy, or can't be read`;

export const EXPLAIN_USAGE = `Usage: ospo-gatekeeper explain PURL|LICENSE [--policy FILE] [--org FILE] [--path MANIFEST]
                               [--license SPDX] [--format text|json] [--dir PATH] [--base REF]

Says what the policy decides about a license (GPL-3.0-only, "MIT OR GPL-3.0-only") or a package
(pkg:npm/left-pad@1.3.0), the rule that decides it, and where that rule is written in each layer
(file:line:column, preset, parent files, the policy file, the paths entry), with every layer that
set the key and which value stands. For a package: the packages.deny entries and exceptions that
name it (expiry counted from today). A package URL carries no license: give --license to judge
one, else each license category is shown as the rules that apply would judge it.

Options:
  --policy FILE      default: .github/ospo-gatekeeper.yml at the base ref, else the permissive preset
  --org FILE         the organization's policy file (its .github repository's), the layer below, with its locks
  --path MANIFEST    a manifest path (examples/package-lock.json): the paths entries that cover it apply
  --license SPDX     with a package URL: the license to judge it under (and its exceptions' license condition)
  --format FORMAT    text (default), json
  --dir PATH         the repository whose committed policy is read when there is no --policy (default: .)
  --base REF         the ref it is read at (default: the merge base with the default branch, as check)
  -h, --help         this help

Exit status:
  0  explained (whatever the decision)
  2  usage, policy or environment error (one line on stderr; an invalid policy's errors as validate prints them)

Environment:
  OSPO_NOW      ISO date used as today (exception expiry), for reproducible runs
  GITHUB_TOKEN  to read an extends parent named owner/repo:path[@ref]`;

export const SCHEMA_USAGE = `Usage: ospo-gatekeeper schema

Prints the policy file's JSON Schema (draft-07), the one published as
policies/ospo-gatekeeper.schema.json, for editors: completion and checks while writing
.github/ospo-gatekeeper.yml. The full check (SPDX ids, package URLs, globs, dates) is validate's.

Options:
  -h, --help  this help`;

export const AUDIT_USAGE = `Usage: ospo-gatekeeper audit OWNER/REPO [--policy FILE] [--format ${AUDIT_FORMAT_IDS.join('|')}]

Audits a repository's settings (branch protection and rulesets, required files, license,
security features, merge settings) against the policy's repository: section, through the
GitHub API, as the app does on every push. Read-only: no check run, no issue.

Options:
  --policy FILE      default: the organization's and the repository's policy files on its default branch
  --format FORMAT    ${AUDIT_FORMAT_IDS[0]} (default), ${AUDIT_FORMAT_IDS.slice(1).join(', ')}
  -h, --help         this help

Exit status:
  0  every requirement met, or not verifiable (said on each line), or nothing to audit (said on stderr)
  1  at least one requirement not met
  2  usage, policy or environment error, or the audit could not be done (one line on stderr)

Environment:
  GITHUB_TOKEN    required: a token that can read the repository (administration: read shows
                  classic protection, rulesets' bypass lists and security settings)
  GITHUB_API_URL  the API of a GitHub Enterprise Server (default https://api.github.com)`;

export const USAGE = `Usage: ospo-gatekeeper <command> [options]

Commands:
  check     judge the dependency changes between two git refs against the policy
  sbom      write the SBOM (CycloneDX 1.6 or SPDX 2.3 JSON) of a git ref
  audit     audit a repository's settings against the policy, through the GitHub API
  validate  check policy files: every error with file, line and column
  explain   what the policy decides about a license or package, and where each rule is written
  schema    print the policy file's JSON Schema, for editors

  ospo-gatekeeper <command> --help   a command's options
  ospo-gatekeeper --version, -V      the version

${EXIT}

${environment()}`;
