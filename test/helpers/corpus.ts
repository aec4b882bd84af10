/**
 * The real lockfiles in ../shared/corpus (beside the repository, never copied into it).
 * Only *.corpus.test.ts suites use this; `npm run test:corpus` runs them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

/** Reads `<ecosystem>/<slug>/<side>/<file>` from the corpus. */
export function readCorpus(relativePath: string): string {
  return readFileSync(`${CORPUS_DIR}${relativePath}`, 'utf8');
}
