/**
 * Every ecosystem the engine knows. Adding one: a folder beside npm/ and one line here; its
 * lockfile names live in its own declaration (`lockfiles`), which `projectContextOf` reads.
 */
import { npm } from './npm/index.js';
import { yarn } from './yarn/index.js';
import { pnpm } from './pnpm/index.js';
import { bun } from './bun/index.js';
import { go } from './go/index.js';
import { composer } from './composer/index.js';
import { rubygems } from './rubygems/index.js';
import { maven } from './maven/index.js';
import { gradle } from './gradle/index.js';
import { nuget } from './nuget/index.js';
import { githubActions } from './github-actions/index.js';
import { pip } from './pip/index.js';
import { poetry } from './poetry/index.js';
import { pipenv } from './pipenv/index.js';
import { uv } from './uv/index.js';
import { cargo } from './cargo/index.js';
import type { Ecosystem, ProjectContext } from './types.js';

export const ECOSYSTEMS: readonly Ecosystem[] = [npm, yarn, pnpm, bun, go, composer, rubygems, maven, gradle, nuget, githubActions, pip, poetry, pipenv, uv, cargo];

const BY_ID = new Map(ECOSYSTEMS.map((ecosystem) => [ecosystem.id, ecosystem]));

export function ecosystemById(id: string): Ecosystem | undefined {
  return BY_ID.get(id);
}

/**
 * What `ecosystem.projects` needs to know of the others, from their declarations: the lockfiles
 * of every ecosystem in `known` sharing its manifest (its own included), so a package.json under
 * a yarn.lock is left to yarn by npm.
 */
export function projectContextOf(ecosystem: Ecosystem, known: readonly Ecosystem[] = ECOSYSTEMS): ProjectContext {
  const governingLockfiles = new Set(ecosystem.lockfiles);
  const manifest = ecosystem.sharedManifest;
  if (manifest !== undefined) {
    for (const other of known) {
      if (other.sharedManifest === manifest) for (const name of other.lockfiles ?? []) governingLockfiles.add(name);
    }
  }
  return { governingLockfiles };
}
