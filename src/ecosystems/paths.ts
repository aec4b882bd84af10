import type { Project } from './types.js';

/** `a/b/c.json` -> `c.json`. Paths are repository-relative and `/`-separated everywhere. */
export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** `a/b/c.json` -> `a/b`; a file at the root -> `''`. */
export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** Joins a directory (possibly `''`) and a relative path. */
export function joinPath(dir: string, path: string): string {
  return dir === '' ? path : `${dir}/${path}`;
}

/** True when any segment of the path is a vendored/installed tree we never read as manifests. */
export function isInVendoredTree(path: string, folders: readonly string[] = ['node_modules']): boolean {
  return path.split('/').some((segment) => folders.includes(segment));
}

/** The default grouping: every directory is one project. */
export function projectsByDirectory(paths: readonly string[]): Project[] {
  const byDir = new Map<string, string[]>();
  for (const path of paths) {
    const dir = dirName(path);
    const list = byDir.get(dir);
    if (list) list.push(path);
    else byDir.set(dir, [path]);
  }
  return [...byDir].map(([root, groupPaths]) => ({ root, paths: groupPaths.sort() }));
}
