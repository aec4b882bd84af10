/**
 * For ecosystems whose files stand alone: one file, one manifest (go.mod, pom.xml,
 * packages.lock.json). Problems and their wording are in problems.ts.
 */
import { appendAll } from '../deps/arrays.js';
import { countDistinctPurls } from '../deps/merge.js';
import { baseName } from './paths.js';
import type { Dependency, Extraction, ExtractionProblem, SourceFile } from './types.js';

/**
 * What reading one file gives: its dependencies (and the entries that could not be read, as
 * `invalid-entry` problems), or why the file as a whole could not be read.
 */
export type FileResult = { dependencies: Dependency[]; problems?: ExtractionProblem[] } | { problem: ExtractionProblem };

/** Extracts every file named `fileName` on its own; a file that fails does not stop the others. */
export function extractEachFile(files: readonly SourceFile[], fileName: string, extractOne: (file: SourceFile) => FileResult): Extraction {
  const extraction: Extraction = { dependencies: [], manifests: [], problems: [] };
  for (const file of files) {
    if (baseName(file.path) !== fileName) continue;
    const result = extractOne(file);
    if ('problem' in result) {
      extraction.problems.push(result.problem);
      continue;
    }
    // One file (the usual case) hands its list over as it is: no second array of every entry.
    if (extraction.dependencies.length === 0) extraction.dependencies = result.dependencies;
    else appendAll(extraction.dependencies, result.dependencies);
    appendAll(extraction.problems, result.problems ?? []);
    // Count packages, not their copies (one per target framework in NuGet, for instance).
    extraction.manifests.push({ path: file.path, packages: countDistinctPurls(result.dependencies) });
  }
  return extraction;
}
