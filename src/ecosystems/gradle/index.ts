import { appendAll } from '../../deps/arrays.js';
import { baseName, dirName, isInVendoredTree } from '../paths.js';
import type { Ecosystem, Extraction, Project, SourceFile } from '../types.js';
import { notTextProblem, ProblemList } from '../problems.js';
import { extractGradleLockfile } from './lockfile.js';

const LOCKFILE = 'gradle.lockfile';
const LEGACY_DIR = 'gradle/dependency-locks';
/**
 * The build's own classpath (plugins), locked as `buildscript-gradle.lockfile` /
 * `settings-gradle.lockfile`, or `buildscript-classpath.lockfile` in the legacy layout: build
 * tools, not dependencies of the project, like Maven plugins. Not read.
 */
const LEGACY_BUILDSCRIPT = 'buildscript-classpath.lockfile';

/** The configuration a legacy lockfile locks, if `path` is one: `gradle/dependency-locks/compileClasspath.lockfile`. */
function legacyConfiguration(path: string): string | undefined {
  const dir = dirName(path);
  if (dir !== LEGACY_DIR && !dir.endsWith(`/${LEGACY_DIR}`)) return undefined;
  const name = baseName(path);
  if (!name.endsWith('.lockfile') || name === LEGACY_BUILDSCRIPT) return undefined;
  return name.slice(0, -'.lockfile'.length) || undefined;
}

/** The Gradle project directory a lockfile belongs to. */
function projectRoot(path: string): string {
  if (legacyConfiguration(path) === undefined) return dirName(path);
  const dir = dirName(path);
  return dir === LEGACY_DIR ? '' : dir.slice(0, -(LEGACY_DIR.length + 1));
}

/**
 * Gradle: dependency lockfiles, the only declarative record of a Gradle build's dependencies
 * (build.gradle / build.gradle.kts are programs). Packages are Maven artifacts (purl type maven).
 */
export const gradle: Ecosystem = {
  id: 'gradle',
  owns: (path) => (baseName(path) === LOCKFILE || legacyConfiguration(path) !== undefined) && !isInVendoredTree(path, ['node_modules', 'build']),
  projects: (ownedPaths) => {
    const byRoot = new Map<string, string[]>();
    for (const path of ownedPaths) {
      const root = projectRoot(path);
      byRoot.set(root, [...(byRoot.get(root) ?? []), path]);
    }
    return [...byRoot].map(([root, paths]): Project => ({ root, paths: paths.sort() }));
  },
  extract: extractGradleProject,
};

function extractGradleProject(files: readonly SourceFile[]): Extraction {
  const extraction: Extraction = { dependencies: [], manifests: [], problems: [] };
  const problems = new ProblemList();
  for (const file of files) {
    const configuration = legacyConfiguration(file.path);
    if (configuration === undefined && baseName(file.path) !== LOCKFILE) continue;
    const notText = notTextProblem(file);
    if (notText) {
      extraction.problems.push(notText);
      continue;
    }
    const result = extractGradleLockfile(file, configuration);
    extraction.manifests.push({ path: file.path, packages: result.dependencies.length });
    // One lockfile (the usual case) hands its list over as it is: no copy of every entry.
    if (extraction.dependencies.length === 0) extraction.dependencies = result.dependencies;
    else appendAll(extraction.dependencies, result.dependencies);
    problems.addAll(result.problems);
  }
  appendAll(extraction.problems, problems.list());
  return extraction;
}
