/**
 * The few git reads the CLI needs, through the `git` binary (no library: git is the source of truth).
 *
 * Paths are always relative to the repository root (as in the app), whatever folder `--dir`
 * names: a subfolder only narrows the listing with a pathspec. Listings are NUL-separated and
 * files are read by object id, never by path, so a path with a newline or odd bytes can't shift
 * one file's contents onto another.
 */
import { spawnSync } from 'node:child_process';
import { decodeFile } from '../ecosystems/text.js';

/** Git's well-known id of the empty tree: `--base` with it makes every dependency "added". */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export class GitError extends Error {}

/** A tree listing: path (from the repository root) -> blob id. */
export type BlobListing = Map<string, string>;

function git(dir: string, args: string[], input?: string): Buffer {
  const result = spawnSync('git', ['-C', dir, ...args], { input, maxBuffer: 1024 * 1024 * 1024 });
  if (result.error) throw new GitError(`cannot run git: ${result.error.message}`);
  if (result.status !== 0) {
    throw new GitError(`git ${args[0]} failed: ${result.stderr.toString().trim().split('\n')[0] ?? ''}`);
  }
  return result.stdout;
}

/** The commit (or the empty tree) a ref names. */
export function resolveRef(dir: string, ref: string): string {
  if (ref === EMPTY_TREE || ref === 'empty') return EMPTY_TREE;
  try {
    return git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString().trim();
  } catch {
    throw new GitError(`${ref} is not a commit in ${dir}`);
  }
}

export function isRepository(dir: string): boolean {
  try {
    return git(dir, ['rev-parse', '--is-inside-work-tree']).toString().trim() === 'true';
  } catch {
    return false;
  }
}

/** Where `dir` sits in its repository: the root folder, and the subfolder as a path prefix (`''` at the root, else `crates/index/`). */
export function locate(dir: string): { root: string; prefix: string } {
  const root = git(dir, ['rev-parse', '--show-toplevel']).toString().replace(/\n$/, '');
  const prefix = git(dir, ['rev-parse', '--show-prefix']).toString().replace(/\n$/, '');
  return { root, prefix };
}

/** The origin remote as an https URL without credentials (for SARIF), if there is one. */
export function originUrl(dir: string): string | undefined {
  let url: string;
  try {
    url = git(dir, ['remote', 'get-url', 'origin']).toString().trim();
  } catch {
    return undefined;
  }
  const scp = /^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?$/.exec(url); // git@github.com:owner/repo.git
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:' && parsed.protocol !== 'ssh:') return undefined;
    return `https://${parsed.host}${parsed.pathname.replace(/\.git$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * The default base: the merge base of `head` with the default branch (origin's HEAD, else main or
 * master). On the default branch itself, or with no default branch, the parent of `head`; in a
 * repository with one commit, the empty tree.
 */
export function defaultBase(dir: string, head: string): string {
  const candidates: string[] = [];
  try {
    candidates.push(git(dir, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']).toString().trim());
  } catch {
    // no remote HEAD: try the usual names
  }
  candidates.push('refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master');
  for (const candidate of candidates) {
    let branch: string;
    try {
      branch = git(dir, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]).toString().trim();
    } catch {
      continue;
    }
    const mergeBase = git(dir, ['merge-base', branch, head]).toString().trim();
    if (mergeBase !== head) return mergeBase;
    break;
  }
  try {
    return git(dir, ['rev-parse', '--verify', '--quiet', `${head}^1`]).toString().trim();
  } catch {
    return EMPTY_TREE;
  }
}

/** Pathspecs taken literally (a folder named `*` is a folder, not a glob). */
function literal(pathspecs: readonly string[]): string[] {
  return pathspecs.length === 0 ? [] : ['--', ...pathspecs.map((spec) => `:(literal)${spec}`)];
}

/**
 * The blobs in the tree of `ref` (at the repository `root`), limited to `pathspecs` (a subfolder
 * prefix, or exact files) when given. Submodules and symlinks are not files to read.
 */
export function listBlobs(root: string, ref: string, pathspecs: readonly string[] = []): BlobListing {
  const blobs: BlobListing = new Map();
  if (ref === EMPTY_TREE) return blobs;
  const output = git(root, ['ls-tree', '-r', '-z', '--full-tree', ref, ...literal(pathspecs.filter((spec) => spec !== ''))]);
  for (const entry of splitNul(output)) {
    // `<mode> SP <type> SP <object> TAB <path>`: the path is everything after the tab, as is.
    const tab = entry.indexOf('\t');
    const [mode, type, id] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && mode !== '120000' && id) blobs.set(entry.slice(tab + 1), id);
  }
  return blobs;
}

/** Paths (from the repository root) that differ between two refs, within `pathspecs` when given. */
export function changedPaths(root: string, base: string, head: string, pathspecs: readonly string[] = []): Set<string> {
  return new Set(splitNul(git(root, ['diff', '--name-only', '--no-renames', '-z', base, head, ...literal(pathspecs.filter((spec) => spec !== ''))])));
}

/** Reads blobs by id in a single `git cat-file --batch`: id -> text. */
export function readBlobs(root: string, ids: Iterable<string>): Map<string, string> {
  const wanted = [...new Set(ids)];
  const texts = new Map<string, string>();
  if (wanted.length === 0) return texts;
  const output = git(root, ['cat-file', '--batch'], `${wanted.join('\n')}\n`);
  let offset = 0;
  for (const id of wanted) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd === -1) throw new GitError(`git cat-file ended early, before ${id}`);
    const header = output.subarray(offset, headerEnd).toString();
    offset = headerEnd + 1;
    const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!match) throw new GitError(`git cat-file could not read ${id} (${header})`);
    const size = Number(match[3]);
    if (match[2] === 'blob') texts.set(id, decodeFile(output.subarray(offset, offset + size)));
    offset += size + 1;
  }
  return texts;
}

function splitNul(buffer: Buffer): string[] {
  return buffer.toString('utf8').split('\0').filter((entry) => entry !== '');
}
