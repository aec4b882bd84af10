/** The few git reads the CLI needs, through the `git` binary (no library: git is the source of truth). */
import { spawnSync } from 'node:child_process';

/** Git's well-known id of the empty tree: `--base` with it makes every dependency "added". */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export class GitError extends Error {}

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

function splitNul(buffer: Buffer): string[] {
  return buffer.toString('utf8').split('\0').filter((entry) => entry !== '');
}

/** Every file path in the tree of `ref`. */
export function listPaths(dir: string, ref: string): string[] {
  if (ref === EMPTY_TREE) return [];
  return splitNul(git(dir, ['ls-tree', '-r', '-z', '--name-only', ref]));
}

/** Paths that differ between two refs. */
export function changedPaths(dir: string, base: string, head: string): Set<string> {
  return new Set(splitNul(git(dir, ['diff', '--name-only', '--no-renames', '-z', base, head])));
}

/** Reads many files at one ref in a single `git cat-file --batch`; files that don't exist are left out. */
export function readFiles(dir: string, ref: string, paths: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  if (ref === EMPTY_TREE || paths.length === 0) return files;
  const output = git(dir, ['cat-file', '--batch'], paths.map((path) => `${ref}:${path}`).join('\n') + '\n');
  let offset = 0;
  for (const path of paths) {
    const headerEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, headerEnd).toString();
    offset = headerEnd + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) continue; // "<object> missing"
    const size = Number(match[2]);
    if (match[1] === 'blob') files.set(path, output.subarray(offset, offset + size).toString('utf8'));
    offset += size + 1;
  }
  return files;
}
