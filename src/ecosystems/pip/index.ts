import { appendAll } from '../../deps/arrays.js';
import { ownString } from '../../deps/order.js';
import { purlOf } from '../../deps/purl.js';
import { baseName, dirName, isInVendoredTree } from '../paths.js';
import { notTextProblem, ProblemList, quote } from '../problems.js';
import { comparePythonVersions } from '../python.js';
import type { Dependency, Ecosystem, Extraction, Location, Project, Scope, SourceFile } from '../types.js';
import { parseRequirements, type RequirementEntry, type RequirementsFile } from './requirements.js';

/** Trees we never read manifests from (installed packages, virtual environments). */
const VENDORED = ['node_modules', 'site-packages', '.venv', 'venv', '.tox', '.nox'];

/** `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`, `requirements.in`... */
const REQUIREMENTS_NAME = /^(?:.*[-_.])?requirements(?:[-_.].*)?\.(txt|in)$/i;

function isRequirementsPath(path: string): boolean {
  if (isInVendoredTree(path, VENDORED)) return false;
  const name = baseName(path);
  if (REQUIREMENTS_NAME.test(name)) return true;
  // Any .txt / .in inside a folder named `requirements/` (requirements/main.txt, requirements/test.in).
  return baseName(dirName(path)).toLowerCase() === 'requirements' && /\.(txt|in)$/i.test(name);
}

const stem = (path: string) => path.replace(/\.(txt|in)$/i, '');
const isInput = (path: string) => /\.in$/i.test(path);

/** The file name says which installs it serves: dev/test/docs/lint files are development. */
const DEVELOPMENT_NAME = /(^|[-_.])(dev|devel|develop|development|test|tests|testing|doc|docs|lint|linting|typing|mypy|style|ci)([-_.]|$)/i;

export function scopeOfRequirementsPath(path: string): Scope {
  return DEVELOPMENT_NAME.test(stem(baseName(path))) ? 'development' : 'runtime';
}

/**
 * pip: requirements files. Each compiled `.txt` is a project with the `.in` of the same name
 * beside it (pip-compile's input, read for direct-ness and declaration lines); an `.in` alone is
 * a manifest of its own. `-r`/`-c` includes are read as the separate manifests they are.
 */
export const pip: Ecosystem = {
  id: 'pip',
  owns: isRequirementsPath,
  projects: (ownedPaths) => groupRequirements(ownedPaths),
  extract: extractRequirements,
  compareVersions: comparePythonVersions,
};

function groupRequirements(ownedPaths: readonly string[]): Project[] {
  const outputs = new Set(ownedPaths.filter((path) => !isInput(path)).map(stem));
  const projects: Project[] = [];
  for (const path of ownedPaths) {
    if (isInput(path) && outputs.has(stem(path))) continue;
    const companion = isInput(path) ? undefined : ownedPaths.find((other) => isInput(other) && stem(other) === stem(path));
    projects.push({ root: dirName(path), paths: companion ? [path, companion] : [path] });
  }
  return projects;
}

function extractRequirements(files: readonly SourceFile[]): Extraction {
  const extraction: Extraction = { dependencies: [], manifests: [], problems: [] };
  const problems = new ProblemList();
  const outputs = files.filter((file) => !isInput(file.path));
  const standaloneInputs = files.filter((file) => isInput(file.path) && !outputs.some((output) => stem(output.path) === stem(file.path)));
  /** The file's requirements, or undefined (after a problem) when it is not text. */
  const parse = (file: SourceFile) => {
    const notText = notTextProblem(file);
    if (notText) {
      problems.add(notText);
      return undefined;
    }
    const parsed = parseRequirements(file.path, file.content);
    problems.addAll(parsed.problems);
    return parsed;
  };
  for (const file of [...outputs, ...standaloneInputs]) {
    const parsed = parse(file);
    if (!parsed) continue;
    const companionFile = isInput(file.path) ? undefined : files.find((other) => isInput(other.path) && stem(other.path) === stem(file.path));
    let companion: Map<string, RequirementEntry> | undefined;
    const input = companionFile && parse(companionFile);
    if (input) {
      companion = new Map();
      for (const entry of input.entries) if (!companion.has(entry.key)) companion.set(entry.key, entry);
    }
    const dependencies: Dependency[] = [];
    const scope = scopeOfRequirementsPath(file.path);
    for (const entry of parsed.entries) {
      const dependency = toDependency(file.path, scope, entry, parsed, companion, companionFile?.path);
      if (dependency) dependencies.push(dependency);
      else problems.add({ path: file.path, line: entry.line, message: `${quote(entry.name)} is not a package name`, kind: 'invalid-entry' });
    }
    appendAll(extraction.dependencies, dependencies);
    extraction.manifests.push({ path: file.path, packages: dependencies.length });
  }
  extraction.problems = problems.list();
  return extraction;
}

function toDependency(
  path: string,
  scope: Scope,
  entry: RequirementEntry,
  file: RequirementsFile,
  companion: ReadonlyMap<string, RequirementEntry> | undefined,
  companionPath: string | undefined,
): Dependency | undefined {
  const declared = companion?.get(entry.key);
  // pip-compile says why each package is there; without its notes, a hand-written file lists
  // exactly what the project asks for (unless the .in beside it says otherwise).
  const direct = file.annotated
    ? entry.viaInput || declared !== undefined
    : companion
      ? declared !== undefined
      : true;
  const declaredAt = declared && companionPath ? { path: companionPath, line: declared.line } : direct ? { path, line: entry.line } : undefined;
  // The key is the normalised name (PEP 503), as pythonPurl would make it again.
  const purl = purlOf('pypi', undefined, entry.key, entry.version);
  if (purl === undefined) return undefined;
  return pipDependency(entry, purl, path, declaredAt, scope, direct);
}

/**
 * One literal per shape (no spread): V8 then keeps every field inside the object, the smallest it
 * can be. A version, or the requirement when unpinned; where the project declares it, if known.
 */
function pipDependency(entry: RequirementEntry, purl: string, manifest: string, declaredAt: Location | undefined, scope: Scope, direct: boolean): Dependency {
  const { version, line } = entry;
  const name = ownString(entry.name);
  if (version !== undefined) {
    return declaredAt
      ? { ecosystem: 'pip', name, version, purl, manifest, line, declaredAt, scope, direct }
      : { ecosystem: 'pip', name, version, purl, manifest, line, scope, direct };
  }
  const requirement = entry.requirement ?? '';
  return declaredAt
    ? { ecosystem: 'pip', name, requirement, purl, manifest, line, declaredAt, scope, direct }
    : { ecosystem: 'pip', name, requirement, purl, manifest, line, scope, direct };
}
