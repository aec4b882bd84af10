/**
 * The real lockfiles in ../shared/corpus (beside the repository, never copied into it).
 * Only *.corpus.test.ts suites use this; `npm run test:corpus` runs them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Change } from '../../src/deps/diff.js';
import { parsePurl } from '../../src/deps/purl.js';
import type { Dependency } from '../../src/ecosystems/types.js';

export const CORPUS_DIR = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

/** Reads `<ecosystem>/<slug>/<side>/<file>` from the corpus. */
export function readCorpus(relativePath: string): string {
  return readFileSync(`${CORPUS_DIR}${relativePath}`, 'utf8');
}

/**
 * Change sets as `name@version` (added, removed) and `name@from->to` (upgraded, downgraded),
 * sorted, for comparing with sets derived independently from the files. `nameOf` picks the
 * name (default: the purl's, i.e. normalised as the ecosystem's purl type says).
 */
export function summarizeChanges(changes: readonly Change[], nameOf: (dependency: Dependency) => string = (d) => parsePurl(d.purl)?.name ?? d.name) {
  const label = (dependency: Dependency) => `${nameOf(dependency)}@${dependency.version ?? dependency.requirement}`;
  const move = (change: Change) => `${label(change.previous as Dependency)}->${change.dependency.version ?? change.dependency.requirement}`;
  const of = (kind: Change['change']) => changes.filter((change) => change.change === kind);
  return {
    added: of('added').map((change) => label(change.dependency)).sort(),
    removed: of('removed').map((change) => label(change.dependency)).sort(),
    upgraded: of('upgraded').map(move).sort(),
    downgraded: of('downgraded').map(move).sort(),
  };
}
