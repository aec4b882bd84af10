/**
 * The files the required-files rule looks at, from the git data API: the root of the default
 * branch in one call, then only the directories where a file not yet found may sit (`.github/`,
 * `docs/`, the folder of a path entry), one call each, walking down from the root.
 */
import { directoriesToList } from '../settings/rules/required-files.js';
import type { Known, PresentFile } from '../settings/snapshot.js';
import { attempt } from './attempt.js';
import type { GitHub, RepoRef } from './octokit.js';

interface Level {
  files: Map<string, PresentFile>;
  /** Sub-directories of this level, by name, with their tree SHA. */
  directories: Map<string, string>;
}

async function listLevel(github: GitHub, repo: RepoRef, treeish: string, prefix: string): Promise<Level> {
  const { data } = await github.rest.git.getTree({ ...repo, tree_sha: treeish });
  const level: Level = { files: new Map(), directories: new Map() };
  for (const entry of data.tree) {
    if (!entry.path || !entry.sha) continue;
    if (entry.type === 'tree') level.directories.set(entry.path, entry.sha);
    // Regular and executable files; a symlink's size is its target's name, not content.
    else if (entry.type === 'blob' && (entry.mode === '100644' || entry.mode === '100755')) level.files.set(`${prefix}${entry.path}`, { path: `${prefix}${entry.path}`, size: entry.size ?? 0 });
  }
  return level;
}

export async function readFiles(github: GitHub, repo: RepoRef, ref: string, entries: readonly string[]): Promise<Known<ReadonlyMap<string, PresentFile>>> {
  return attempt(`the files of ${repo.owner}/${repo.repo}`, async () => {
    const levels = new Map<string, Promise<Level | undefined>>();
    const root = listLevel(github, repo, ref, '');
    levels.set('', root);
    // A directory's level, listed once, through its parent's tree SHA; undefined when it does not exist.
    const levelOf = (directory: string): Promise<Level | undefined> => {
      let level = levels.get(directory);
      if (!level) {
        const slash = directory.lastIndexOf('/');
        const parent = slash === -1 ? '' : directory.slice(0, slash);
        level = levelOf(parent).then((above) => {
          const sha = above?.directories.get(directory.slice(slash + 1));
          return sha ? listLevel(github, repo, sha, `${directory}/`) : undefined;
        });
        levels.set(directory, level);
      }
      return level;
    };
    const files = new Map((await root).files);
    const below = await Promise.all(directoriesToList(files, entries).map(levelOf));
    for (const level of below) for (const [path, file] of level?.files ?? []) files.set(path, file);
    return files;
  });
}
