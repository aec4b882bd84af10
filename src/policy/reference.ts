/**
 * What `extends` names: a built-in preset (`strict`), a file in a GitHub repository
 * (`acme/policies:base.yml`, `acme/policies:base.yml@v1`), or, for the CLI, a local path
 * (`./base.yml`, `../shared/policy.yml`). Pure: the shape only, nothing is looked up.
 */

export type PolicyReference =
  | { kind: 'preset'; name: string }
  | { kind: 'github'; owner: string; repo: string; path: string; ref?: string }
  | { kind: 'local'; path: string };

/** A reference to a file that has to be read (not a built-in preset). */
export type FileReference = Exclude<PolicyReference, { kind: 'preset' }>;

export type ParsedReference = { ok: true; reference: PolicyReference } | { ok: false; problem: string };

const GITHUB_FORM = 'owner/repo:path[@ref]';
// GitHub's own rules: an owner is letters, digits and single hyphens; a repository name adds `.` and `_`.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const REPOSITORY = /^[\w.-]+$/;
// What git refuses in a ref name (git check-ref-format), and what no ref a person writes contains.
const BAD_REF = /(\.\.|[\s~^:?*[\\]|@\{|^[-/.]|[/.]$|\.lock$)/;

export function parsePolicyReference(text: string): ParsedReference {
  if (text.trim() === '') return { ok: false, problem: 'it is empty: name a preset, owner/repo:path[@ref] or a local path' };
  if (/\s/.test(text)) return { ok: false, problem: 'a reference has no spaces' };
  // A Windows drive (`C:\policies\base.yml`) is a local path, not owner/repo before a colon.
  if (text.includes(':') && !/^[A-Za-z]:[\\/]/.test(text)) return parseGitHubReference(text);
  if (/[/\\]/.test(text) || text.startsWith('.') || /\.ya?ml$/i.test(text)) return { ok: true, reference: { kind: 'local', path: text } };
  return { ok: true, reference: { kind: 'preset', name: text } };
}

function parseGitHubReference(text: string): ParsedReference {
  const colon = text.indexOf(':');
  const [owner, repo, ...more] = text.slice(0, colon).split('/');
  if (owner === undefined || repo === undefined || more.length > 0 || !OWNER.test(owner) || !REPOSITORY.test(repo) || repo === '.' || repo === '..') {
    return { ok: false, problem: `"${text.slice(0, colon)}" is not owner/repo (expected ${GITHUB_FORM})` };
  }
  const rest = text.slice(colon + 1);
  const at = rest.lastIndexOf('@');
  const path = at < 0 ? rest : rest.slice(0, at);
  const ref = at < 0 ? undefined : rest.slice(at + 1);
  const pathProblem = repositoryPathProblem(path);
  if (pathProblem) return { ok: false, problem: `${pathProblem} (expected ${GITHUB_FORM})` };
  if (ref !== undefined && (ref === '' || BAD_REF.test(ref))) return { ok: false, problem: `"${ref}" after @ is not a git ref (a branch, tag or commit SHA)` };
  return { ok: true, reference: { kind: 'github', owner, repo, path, ...(ref !== undefined ? { ref } : {}) } };
}

/** A path inside a repository: relative, no empty, `.` or `..` segment. */
function repositoryPathProblem(path: string): string | undefined {
  if (path === '') return 'the path after : is missing';
  if (path.startsWith('/')) return `the path "${path}" starts with /: paths are from the repository's root, without it`;
  if (path.includes('\\')) return `the path "${path}" has a backslash: use /`;
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return `the path "${path}" has an empty, . or .. segment`;
  return undefined;
}

/** The name a referenced file carries in the chain and in errors: `acme/policies:base.yml@v1`, `preset:strict`, the local path. */
export function referenceName(reference: PolicyReference): string {
  if (reference.kind === 'preset') return `preset:${reference.name}`;
  if (reference.kind === 'local') return reference.path;
  return `${reference.owner}/${reference.repo}:${reference.path}${reference.ref !== undefined ? `@${reference.ref}` : ''}`;
}

/**
 * The key two names of one file share, for cycle detection: GitHub owner and repository names
 * are case-insensitive, paths and refs are not.
 */
export function sameFileKey(name: string): string {
  const parsed = parsePolicyReference(name);
  if (!parsed.ok || parsed.reference.kind !== 'github') return name;
  const { owner, repo } = parsed.reference;
  return referenceName({ ...parsed.reference, owner: owner.toLowerCase(), repo: repo.toLowerCase() });
}
