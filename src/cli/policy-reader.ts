/**
 * The CLI's PolicyReader: a local path relative to the file that extends it (from disk for
 * `--policy` and `validate`, from git at the same ref for the committed policy file), and
 * `owner/repo:path[@ref]` through the app's GitHub adapter when GITHUB_TOKEN is set.
 */
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import type { GitHub } from '../github/octokit.js';
import { readFromGitHub } from '../github/policy-reader.js';
import { readBlobs, treeEntry } from '../local/git.js';
import type { PolicyReader } from '../policy/chain.js';
import { policySizeProblem, type PolicySource } from '../policy/load.js';
import { parsePolicyReference, referenceName, type FileReference } from '../policy/reference.js';
import { cliGitHub } from './github-client.js';
import type { CliIo } from './io.js';
import { readLocalPolicy } from './policy-file.js';

/** Where local paths are read: the working tree (paths as given, from `cwd`), or a commit of a repository. */
export type LocalFiles = { kind: 'disk' } | { kind: 'git'; root: string; ref: string };

export function cliPolicyReader(io: CliIo, version: string, files: LocalFiles): PolicyReader {
  let github: GitHub | undefined;
  const client = (): GitHub | undefined => {
    const token = io.env.GITHUB_TOKEN;
    if (token) github ??= cliGitHub(token, io.env, version);
    return github;
  };
  return {
    read: async (reference, from) => {
      if (reference.kind === 'local') return readLocal(reference.path, from, files, io.cwd);
      const gitHub = client();
      if (gitHub) return readFromGitHub(gitHub, reference);
      return unreadable(reference, 'reading it from GitHub needs GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise Server)');
    },
  };
}

function readLocal(path: string, from: string, files: LocalFiles, cwd: string): PolicySource {
  const fromGitHub = parsePolicyReference(from);
  if (fromGitHub.ok && fromGitHub.reference.kind === 'github') {
    return { path, text: '', unreadable: `${from} is read from GitHub: the files it extends are named as owner/repo:path[@ref], not as a local path` };
  }
  if (files.kind === 'git') {
    // Repository paths, from the root: `../x.yml` from `.github/ospo-gatekeeper.yml` is `x.yml`.
    const name = posix.normalize(posix.join(posix.dirname(from), path.replaceAll('\\', '/')));
    if (posix.isAbsolute(path) || name.startsWith('../')) return { path: name, text: '', unreadable: `it is outside the repository (paths are relative to ${from})` };
    return committedPolicy(files.root, files.ref, name) ?? { path: name, text: '', unreadable: `there is no ${name} at ${files.ref.slice(0, 12)}` };
  }
  const name = isAbsolute(path) ? path : join(dirname(from), path);
  const read = readLocalPolicy(resolve(cwd, name));
  return read.ok ? { path: name, text: read.text } : { path: name, text: '', unreadable: read.reason };
}

function unreadable(reference: FileReference, why: string): PolicySource {
  return { path: referenceName(reference), text: '', unreadable: why };
}

/**
 * The policy file at `path` and `ref`, looked at before it is read: a symlink or a folder there
 * is an error (not "no policy", which would judge by the permissive preset), and one over the
 * size limit is never read. Undefined when there is no such file.
 */
export function committedPolicy(root: string, ref: string, path: string): PolicySource | undefined {
  const entry = treeEntry(root, ref, path);
  if (entry === undefined) return undefined;
  const kind = entry.type === 'tree' ? 'a folder' : entry.type === 'commit' ? 'a submodule' : entry.mode === '120000' ? 'a symbolic link' : undefined;
  if (kind !== undefined) return { path, text: '', unreadable: `the policy file is ${kind} at ${ref.slice(0, 12)}, not a regular file` };
  const tooLarge = policySizeProblem(entry.size ?? 0);
  if (tooLarge) return { path, text: '', unreadable: tooLarge };
  return { path, text: readBlobs(root, [entry.id]).get(entry.id) ?? '' };
}
