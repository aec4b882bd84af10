/**
 * The CLI's fact cache on disk, so a second run on the same machine does not ask the services
 * again. Several runs may share the directory at once (a monorepo's CI jobs, an editor and a
 * terminal), so nothing is locked: each entry is its own file, replaced atomically by a rename,
 * and carries its own key and expiry, so whatever a reader finds is either a whole entry it can
 * check or a miss. A file that does not check out is deleted, never trusted, never thrown.
 */
import { mapConcurrently } from '../deps/arrays.js';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, posix, win32 } from 'node:path';
import { CACHE_TTL_MS, parseStoredObject, type CacheNamespace, type CacheTtls, type FactCache } from './cache.js';

export const CACHE_FOLDER_NAME = 'ospo-gatekeeper';

/** File operations in flight at once per getMany/setMany: enough to keep the disk busy, well below the open-file limit. */
const FS_CONCURRENCY = 64;

export interface DiskCacheOptions {
  /** The clock, in ms since the epoch (tests move it to expire entries). */
  now?: () => number;
  /** Told of each read or write that failed for a reason other than a missing entry (a full or read-only disk); the entry is then a miss, the write dropped. */
  onError?: (error: Error) => void;
}

/** What one entry file holds: the key it answers (a hash collision or a foreign file shows here), when it was written and expires, the value. */
interface StoredEntry {
  namespace: string;
  key: string;
  storedAt: number;
  expiresAt: number;
  value: unknown;
}

/** The user's cache directory for this tool, by platform convention (the CLI's default for OSPO_CACHE_DIR). */
export function defaultCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') return win32.join(env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'), CACHE_FOLDER_NAME);
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && posix.isAbsolute(xdg)) return posix.join(xdg, CACHE_FOLDER_NAME);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', CACHE_FOLDER_NAME);
  return posix.join(home, '.cache', CACHE_FOLDER_NAME);
}

export function diskCache(dir: string, ttls: CacheTtls = {}, options: DiskCacheOptions = {}): FactCache {
  const now = options.now ?? Date.now;
  const reportError = (error: unknown) => options.onError?.(asError(error));
  const folders = new Map<CacheNamespace, Promise<string>>();
  // One mkdir per namespace per cache, not per write; a failed mkdir is retried by the next write.
  const folderFor = (namespace: CacheNamespace): Promise<string> => {
    let folder = folders.get(namespace);
    if (!folder) {
      const path = join(dir, namespace);
      folder = mkdir(path, { recursive: true }).then(() => path);
      folder.catch(() => folders.delete(namespace));
      folders.set(namespace, folder);
    }
    return folder;
  };
  const entryPath = (namespace: CacheNamespace, key: string) => join(dir, namespace, `${entryName(namespace, key)}.json`);
  const ttlOf = (namespace: CacheNamespace) => ttls[namespace] ?? CACHE_TTL_MS[namespace];

  const read = async (namespace: CacheNamespace, key: string): Promise<{ value: unknown } | undefined> => {
    const path = entryPath(namespace, key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (!isMissing(error)) reportError(error);
      return undefined;
    }
    const entry = parseEntry(text);
    if (!entry || entry.namespace !== namespace || entry.key !== key || !isFresh(entry, now(), ttlOf(namespace))) {
      // Corrupt, foreign or stale: gone, so the directory does not fill with dead entries.
      await removeQuietly(path, reportError);
      return undefined;
    }
    return { value: entry.value };
  };

  const write = async (namespace: CacheNamespace, key: string, value: unknown): Promise<void> => {
    const storedAt = now();
    const stored: StoredEntry = { namespace, key, storedAt, expiresAt: storedAt + ttlOf(namespace), value };
    const text = JSON.stringify(stored);
    let temporary: string | undefined;
    try {
      const folder = await folderFor(namespace);
      const name = entryName(namespace, key);
      // The temporary file sits in the entry's own folder so the rename never crosses file systems;
      // its name never ends in .json, so a write cut short is never read as an entry.
      temporary = join(folder, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(temporary, text, { flag: 'wx' });
      await rename(temporary, join(folder, `${name}.json`));
    } catch (error) {
      reportError(error);
      if (temporary) await removeQuietly(temporary, () => undefined);
    }
  };

  return {
    get: async <T>(namespace: CacheNamespace, key: string) => (await read(namespace, key))?.value as T | undefined,
    set: async <T>(namespace: CacheNamespace, key: string, value: T) => write(namespace, key, value),
    getMany: async <T>(namespace: CacheNamespace, keys: readonly string[]) => {
      // Reads finish in any order; the answer is in the order asked, as the memory cache's is.
      const entries = await mapConcurrently(keys, FS_CONCURRENCY, (key) => read(namespace, key));
      const found = new Map<string, T>();
      keys.forEach((key, index) => {
        const entry = entries[index];
        if (entry) found.set(key, entry.value as T);
      });
      return found;
    },
    setMany: async <T>(namespace: CacheNamespace, entries: ReadonlyMap<string, T>) => {
      await mapConcurrently([...entries], FS_CONCURRENCY, ([key, value]) => write(namespace, key, value));
    },
  };
}

/** The file name of an entry: a hash, so any key (purls hold `/`, `@`, `:`) is a safe, fixed-length name. */
function entryName(namespace: CacheNamespace, key: string): string {
  return createHash('sha256').update(namespace).update('\0').update(key).digest('hex');
}

function parseEntry(text: string): StoredEntry | undefined {
  const entry = parseStoredObject(text);
  if (!entry) return undefined;
  const { namespace, key, storedAt, expiresAt } = entry;
  if (typeof namespace !== 'string' || typeof key !== 'string' || typeof storedAt !== 'number' || typeof expiresAt !== 'number' || !('value' in entry)) return undefined;
  return { namespace, key, storedAt, expiresAt, value: entry.value };
}

/** Fresh until the expiry it was written with, and no older than this cache's TTL (a TTL shortened since then applies at once). */
function isFresh(entry: StoredEntry, now: number, ttl: number): boolean {
  return now < entry.expiresAt && now - entry.storedAt < ttl;
}

async function removeQuietly(path: string, reportError: (error: unknown) => void): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    // Another run removed or replaced it first: nothing to do.
    if (!isMissing(error)) reportError(error);
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function asError(error: unknown): Error {
  // Duck-typed, not instanceof: fs errors from another realm (jest's VM) are errors too.
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') return error as Error;
  return new Error(String(error));
}
