/**
 * The few git reads the CLI needs, through the `git` binary (no library: git is the source of truth).
 *
 * Paths are always relative to the repository root (as in the app), whatever folder `--dir`
 * names: a subfolder only narrows the listing. Listings are NUL-separated and split as bytes, and
 * files are read by object id, never by path, so a path with a newline or odd bytes can't shift
 * one file's contents onto another. A path that is not UTF-8 is shown with its odd bytes escaped
 * (`caf\xe9/package-lock.json`), never decoded to U+FFFD: that made different paths one, and all
 * but one of them went unread.
 */
import { spawnSync } from 'node:child_process';
import { decodeFile } from '../ecosystems/text.js';
import type { Snapshot } from '../evaluation/snapshot.js';

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
  const prefix = git(dir, ['rev-parse', '--show-prefix']);
  return { root, prefix: gitPathText(prefix.subarray(0, prefix.at(-1) === 0x0a ? -1 : undefined)) };
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

/**
 * How to narrow a listing to `pathspecs` (a subfolder prefix, or exact files). Specs are given
 * to git as literal pathspecs (a folder named `*` is a folder, not a glob), except a spec with a
 * backslash, which may be an escaped path git would not recognise: those are matched here.
 */
function scope(pathspecs: readonly string[]): { args: string[]; keep: (path: string) => boolean } {
  const specs = pathspecs.filter((spec) => spec !== '');
  if (specs.length === 0) return { args: [], keep: () => true };
  if (specs.some((spec) => spec.includes('\\'))) {
    return { args: [], keep: (path) => specs.some((spec) => path === spec || path.startsWith(spec.endsWith('/') ? spec : `${spec}/`)) };
  }
  return { args: ['--', ...specs.map((spec) => `:(literal)${spec}`)], keep: () => true };
}

/**
 * The blobs in the tree of `ref` (at the repository `root`), limited to `pathspecs` when given.
 * Submodules and symlinks are not files to read. Two entries that would show as one path (only
 * a path named like another's escaped form can) end the run: one of them would go unread.
 */
export function listBlobs(root: string, ref: string, pathspecs: readonly string[] = []): BlobListing {
  const blobs: BlobListing = new Map();
  if (ref === EMPTY_TREE) return blobs;
  const { args, keep } = scope(pathspecs);
  for (const entry of entries(git(root, ['ls-tree', '-r', '-z', '--full-tree', ref, ...args]))) {
    if (entry.type !== 'blob' || entry.mode === '120000' || !keep(entry.path)) continue;
    if (blobs.has(entry.path)) {
      const shown = entry.path.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
      throw new GitError(`two files of ${ref.slice(0, 12)} show as the same path, ${shown} (a name that is not UTF-8, escaped, and one written that way); rename one of them`);
    }
    blobs.set(entry.path, entry.id);
  }
  return blobs;
}

export interface TreeEntry {
  mode: string;
  /** `blob`, `tree` or `commit` (a submodule). */
  type: string;
  id: string;
  /** Bytes, for a blob. */
  size?: number;
  path: string;
}

/** The entry at exactly `path` in the tree of `ref` (a file, a folder, a submodule), without reading it. */
export function treeEntry(root: string, ref: string, path: string): TreeEntry | undefined {
  if (ref === EMPTY_TREE) return undefined;
  const { args } = scope([path]);
  return entries(git(root, ['ls-tree', '-z', '-l', '--full-tree', ref, ...args])).find((entry) => entry.path === path);
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
    // Each answer must be the object asked for: anything else would put one file's text on another.
    if (!match || match[1] !== id) throw new GitError(`git cat-file could not read ${id} (${header})`);
    const size = Number(match[3]);
    if (match[2] === 'blob') texts.set(id, decodeFile(output.subarray(offset, offset + size)));
    offset += size + 1;
  }
  return texts;
}

/** `ls-tree -z` lines: `<mode> SP <type> SP <object>[ SP <size>] TAB <path>`, the path as bytes up to the NUL. */
function entries(output: Buffer): TreeEntry[] {
  return splitNul(output).flatMap((line) => {
    const tab = line.indexOf(0x09);
    if (tab === -1) return [];
    const [mode, type, id, size] = line.subarray(0, tab).toString('latin1').split(/ +/);
    if (!mode || !type || !id) return [];
    return [{ mode, type, id, path: gitPathText(line.subarray(tab + 1)), ...(size && size !== '-' ? { size: Number(size) } : {}) }];
  });
}

/** NUL-separated output, split as bytes (decoding first would turn odd bytes into U+FFFD). */
function splitNul(buffer: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let end = buffer.indexOf(0, start); end !== -1; end = buffer.indexOf(0, start)) {
    if (end > start) parts.push(buffer.subarray(start, end));
    start = end + 1;
  }
  if (start < buffer.length) parts.push(buffer.subarray(start));
  return parts;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A path's bytes as text: UTF-8 as it is; otherwise each byte that is not part of a valid UTF-8
 * character written `\xNN`, and backslashes doubled, so that different byte paths stay different.
 */
export function gitPathText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let text = '';
    for (let i = 0; i < bytes.length; ) {
      const length = sequenceLength(bytes[i] as number);
      const character = length === 0 ? undefined : decodeOne(bytes.subarray(i, i + length));
      if (character === undefined) {
        text += `\\x${(bytes[i] as number).toString(16).padStart(2, '0')}`;
        i += 1;
      } else {
        text += character === '\\' ? '\\\\' : character;
        i += length;
      }
    }
    return text;
  }
}

/** How many bytes the UTF-8 character starting with `lead` takes; 0 when no character starts so. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function decodeOne(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The tree of `ref` as the pipeline's Snapshot, limited to `pathspecs` (the `--dir` subtree):
 * listed once, read by blob id in one `git cat-file --batch` per call.
 */
export function gitSnapshot(root: string, ref: string, pathspecs: readonly string[] = []): Snapshot {
  let listing: BlobListing | undefined;
  const list = () => (listing ??= listBlobs(root, ref, pathspecs));
  return {
    sha: ref,
    listing: async () => list(),
    read: async (paths) => {
      const blobs = list();
      const ids = paths.map((path) => blobs.get(path)).filter((id): id is string => id !== undefined);
      const texts = readBlobs(root, ids);
      const read = new Map<string, string>();
      for (const path of paths) {
        const text = texts.get(blobs.get(path) ?? '');
        if (text !== undefined) read.set(path, text);
      }
      return read;
    },
  };
}
