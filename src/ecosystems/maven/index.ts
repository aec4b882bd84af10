import { baseName, isInVendoredTree } from '../paths.js';
import type { Ecosystem } from '../types.js';
import { extractPoms } from './pom.js';

/** Build output and installed trees that may hold copies of poms that are not this project's. */
const NOT_SOURCES = ['node_modules', 'target', '.mvn'];

/**
 * Maven: the direct dependencies the pom.xml files declare (Maven has no lockfile, so nothing
 * transitive), with the versions their in-repo parents and BOMs manage (see pom.ts).
 *
 * Every pom of the tree is one project, rooted at the repository root. Which poms are related
 * is only known from their contents (a `<relativePath>` may point anywhere, `../parent/pom.xml`
 * beside the modules with no pom above them, and a parent is also found by coordinates), and
 * grouping happens on paths alone; the root is `''` whatever poms exist, so the project keeps its
 * key across refs when a pom is added elsewhere. The cost: a change to one pom fetches and reads
 * them all. Poms are small, so this stays cheap next to a wrong version.
 */
export const maven: Ecosystem = {
  id: 'maven',
  owns: (path) => baseName(path) === 'pom.xml' && !isInVendoredTree(path, NOT_SOURCES),
  projects: (ownedPaths) => [{ root: '', paths: [...ownedPaths].sort() }],
  extract: extractPoms,
};
