import { appendAll } from '../../deps/arrays.js';
import { compareVersionsGeneric } from '../../deps/version.js';
import { baseName, dirName, isInVendoredTree } from '../paths.js';
import type { Ecosystem, Extraction, SourceFile } from '../types.js';
import { isVersionRef } from './uses.js';
import { extractWorkflow } from './workflow.js';

const YAML_FILE = /\.ya?ml$/;
/**
 * An ordinary workflow is read in a few bytes of memory per character, but any other one goes to
 * the `yaml` document model (workflow.ts), which costs about 60 (a 20 MB file: 1.2 GB). Real
 * workflows are a few kilobytes: a bigger one is refused loudly (manifest/unparsable), never read
 * at that cost, never skipped.
 */
export const MAX_WORKFLOW_CHARACTERS = 1024 * 1024;
const ACTION_FILES = ['action.yml', 'action.yaml'];

/** GitHub only runs workflows directly in .github/workflows (not in subfolders). */
function isWorkflow(path: string): boolean {
  return dirName(path) === '.github/workflows' && YAML_FILE.test(path);
}

function isActionMetadata(path: string): boolean {
  return ACTION_FILES.includes(baseName(path)) && !isInVendoredTree(path);
}


/**
 * GitHub Actions: the actions and reusable workflows that workflows and composite actions use.
 * They run with the repository's token and secrets, so they are dependencies like any other.
 * deps.dev knows no actions: licenses come from other sources.
 */
export const githubActions: Ecosystem = {
  id: 'github-actions',
  owns: (path) => isWorkflow(path) || isActionMetadata(path),
  extract: extractActionsProject,
  // Tags compare as versions; a SHA or branch has no order, so any change of one reads as an
  // upgrade (the diff reports a pair with direction 0 as upgraded) rather than a made-up direction.
  compareVersions: (a, b) => (isVersionRef(a) && isVersionRef(b) ? compareVersionsGeneric(a, b) : 0),
  // `actions/cache/save` is the `cache` repository's `save` folder: the repository holds the license.
  repositoryOf: (dependency) => {
    const [owner, repo] = dependency.name.split('/');
    return owner && repo ? { owner, repo, ...(dependency.version !== undefined ? { ref: dependency.version } : {}) } : undefined;
  },
};


function extractActionsProject(files: readonly SourceFile[]): Extraction {
  const extraction: Extraction = { dependencies: [], manifests: [], problems: [] };
  for (const file of files) {
    const kind = isWorkflow(file.path) ? 'workflow' : isActionMetadata(file.path) ? 'action' : undefined;
    if (!kind) continue;
    if (file.content.length > MAX_WORKFLOW_CHARACTERS) {
      extraction.problems.push({ path: file.path, message: `is ${file.content.length} characters long; ${kind} files over ${MAX_WORKFLOW_CHARACTERS} characters (1 MiB) are not read, so none of its actions were checked` });
      continue;
    }
    const result = extractWorkflow(file, kind);
    appendAll(extraction.dependencies, result.dependencies);
    appendAll(extraction.problems, result.problems);
    if (result.parsed) extraction.manifests.push({ path: file.path, packages: result.dependencies.length });
  }
  return extraction;
}
