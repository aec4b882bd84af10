import { baseName, isInVendoredTree } from '../paths.js';
import { extractEachFile } from '../per-file.js';
import type { Ecosystem } from '../types.js';
import { extractPom } from './pom.js';

/** Build output and installed trees that may hold copies of poms that are not this project's. */
const NOT_SOURCES = ['node_modules', 'target', '.mvn'];

/**
 * Maven: the direct dependencies a pom.xml declares. Maven has no lockfile, so there are no
 * transitive dependencies here and the pom is both the manifest read and the place of declaration.
 * Every pom is its own project (the default grouping): a module's parent pom in the same
 * repository is not read, so what it manages stays unresolved in the module (see pom.ts).
 */
export const maven: Ecosystem = {
  id: 'maven',
  purlType: 'maven',
  depsDevSystem: 'MAVEN',
  owns: (path) => baseName(path) === 'pom.xml' && !isInVendoredTree(path, NOT_SOURCES),
  extract: (files) => extractEachFile(files, 'pom.xml', extractPom),
};
