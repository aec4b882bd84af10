import { baseName, isInVendoredTree } from '../paths.js';
import type { Ecosystem, Extraction, SourceFile } from '../types.js';
import { extractNugetLockfile } from './lockfile.js';

const LOCKFILE = 'packages.lock.json';

/**
 * NuGet: packages.lock.json, written when a project sets RestorePackagesWithLockFile. The project
 * file (*.csproj) is MSBuild, an executable build description, and is not read.
 */
export const nuget: Ecosystem = {
  id: 'nuget',
  purlType: 'nuget',
  depsDevSystem: 'NUGET',
  owns: (path) => baseName(path) === LOCKFILE && !isInVendoredTree(path, ['node_modules', 'bin', 'obj']),
  extract: extractNugetProject,
};

function extractNugetProject(files: readonly SourceFile[]): Extraction {
  const extraction: Extraction = { dependencies: [], manifests: [], problems: [] };
  for (const file of files) {
    if (baseName(file.path) !== LOCKFILE) continue;
    const result = extractNugetLockfile(file);
    if ('problem' in result) {
      extraction.problems.push(result.problem);
      continue;
    }
    extraction.dependencies.push(...result.dependencies);
    // Count packages, not their copies under each framework / runtime id.
    extraction.manifests.push({ path: file.path, packages: new Set(result.dependencies.map((d) => d.purl)).size });
  }
  return extraction;
}
