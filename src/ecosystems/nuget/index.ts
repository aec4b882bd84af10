import { baseName, isInVendoredTree } from '../paths.js';
import { extractEachFile } from '../per-file.js';
import type { Ecosystem } from '../types.js';
import { extractNugetLockfile } from './lockfile.js';

const LOCKFILE = 'packages.lock.json';

/**
 * NuGet: packages.lock.json, written when a project sets RestorePackagesWithLockFile. The project
 * file (*.csproj) is MSBuild, an executable build description, and is not read.
 */
export const nuget: Ecosystem = {
  id: 'nuget',
  owns: (path) => baseName(path) === LOCKFILE && !isInVendoredTree(path, ['node_modules', 'bin', 'obj']),
  extract: (files) => extractEachFile(files, LOCKFILE, extractNugetLockfile),
};
