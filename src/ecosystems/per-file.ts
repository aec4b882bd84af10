/** For ecosystems whose files stand alone (go.mod, pom.xml, packages.lock.json): one file, one manifest. */
import { baseName } from './paths.js';
import type { Dependency, Extraction, ExtractionProblem, SourceFile } from './types.js';

/** What reading one file gives: its dependencies, or why it could not be read. */
export type FileResult = { dependencies: Dependency[] } | { problem: ExtractionProblem };

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
    extraction.dependencies.push(...result.dependencies);
    // Count packages, not their copies (one per target framework in NuGet, for instance).
    extraction.manifests.push({ path: file.path, packages: new Set(result.dependencies.map((dependency) => dependency.purl)).size });
  }
  return extraction;
}
