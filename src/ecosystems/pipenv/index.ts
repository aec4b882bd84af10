import { jsonKeyTree, keyLineAt, keyPath, parseJson, type KeyLine } from '../formats/json-lines.js';
import { readToml, tomlPositions } from '../formats/toml.js';
import { baseName, isInVendoredTree, projectsByDirectory } from '../paths.js';
import { isLocalPath, poetryRequirement, type PythonDeclaration } from '../pyproject.js';
import { appendAll } from '../../deps/arrays.js';
import { purlOf } from '../../deps/purl.js';
import { lazyShape } from '../shape.js';
import { ProblemList, quote } from '../problems.js';
import { asTable, comparePythonVersions, normalizePythonName, pinnedVersion, pythonPurl } from '../python.js';
import { kindOf } from '../shape.js';
import { stripBom } from '../text.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, Scope, SourceFile } from '../types.js';

/** pipenv: Pipfile.lock with the Pipfile beside it; a Pipfile alone gives what it asks for. */
export const pipenv: Ecosystem = {
  id: 'pipenv',
  owns: (path) => !isInVendoredTree(path) && ['Pipfile', 'Pipfile.lock'].includes(baseName(path)),
  projects: (ownedPaths) => projectsByDirectory(ownedPaths),
  extract: extractPipenv,
  compareVersions: comparePythonVersions,
};

/** Pipfile sections and lockfile sections, with their scope. Other (custom) categories: unknown. */
const PIPFILE_SECTIONS = new Map<string, Scope>([
  ['packages', 'runtime'],
  ['dev-packages', 'development'],
]);
const LOCK_SECTIONS = new Map<string, Scope>([
  ['default', 'runtime'],
  ['develop', 'development'],
]);
const PIPFILE_NOT_PACKAGES = new Set(['source', 'requires', 'scripts', 'pipenv']);

/** What the Pipfile.lock section `section` locks: `default` the Pipfile's `packages`, and so on. */
function pipfileSectionOf(section: string): string {
  return section === 'default' ? 'packages' : section === 'develop' ? 'dev-packages' : section;
}

/** A Pipfile requirement: `"==1.0"`, `"*"`, or a table (`{ version = "...", extras = [...] }`, `{ git = "..." }`). */
const PIPFILE_VALUE = lazyShape<string | Record<string, unknown>>({ anyOf: [{ type: 'string' }, { type: 'object' }] });

interface Pipfile {
  declared: PythonDeclaration[];
  problems: ExtractionProblem[];
}

function readPipfile(file: SourceFile): Pipfile | ExtractionProblem {
  const content = stripBom(file.content);
  const parsed = readToml(file.path, content);
  if (!parsed.ok) return parsed.problem;
  const lines = tomlPositions(content);
  const declared: PythonDeclaration[] = [];
  const problems = new ProblemList();
  // `packages` first so that a package in both sections is declared where it is a runtime one.
  const sections = Object.keys(parsed.value).sort((a, b) => Number(b === 'packages') - Number(a === 'packages'));
  for (const section of sections) {
    if (PIPFILE_NOT_PACKAGES.has(section)) continue;
    const table = asTable(parsed.value[section]);
    if (!table) {
      problems.add({ path: file.path, line: lines.keys.get(keyPath(section)), message: `[${section}] is ${kindOf(parsed.value[section])}, expected a table of packages`, kind: 'invalid-entry' });
      continue;
    }
    for (const [name, value] of Object.entries(table)) {
      const line = lines.keys.get(keyPath(section, name));
      const wrong = PIPFILE_VALUE.problem(value);
      if (wrong !== undefined) {
        problems.add({ path: file.path, line, message: `[${section}] ${quote(name)}: ${wrong.replace('the entry', 'the requirement')}`, kind: 'invalid-entry' });
        continue;
      }
      declared.push({
        name,
        key: normalizePythonName(name),
        requirement: poetryRequirement(value),
        scope: PIPFILE_SECTIONS.get(section) ?? 'unknown',
        group: section,
        location: { path: file.path, line },
        ...(isLocalPath(value) ? { local: true } : {}),
      });
    }
  }
  return { declared, problems: problems.list() };
}

interface LockEntry {
  version?: string;
  git?: string;
  ref?: string;
  file?: string;
  path?: string;
}

/** One package of a Pipfile.lock section. Only the fields read are checked; pipenv writes more (hashes, markers, index). */
const LOCK_ENTRY = lazyShape<LockEntry>({
  type: 'object',
  properties: {
    version: { type: 'string' },
    git: { type: 'string' },
    ref: { type: 'string' },
    file: { type: 'string' },
    path: { type: 'string' },
  },
});

function extractPipenv(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  const pipfile = files.find((file) => baseName(file.path) === 'Pipfile');
  let declarations: PythonDeclaration[] = [];
  if (pipfile) {
    const read = readPipfile(pipfile);
    if ('message' in read) problems.push(read);
    else {
      declarations = read.declared;
      appendAll(problems, read.problems);
    }
  }
  const lockfile = files.find((file) => baseName(file.path) === 'Pipfile.lock');
  if (!lockfile) return pipfileOnly(pipfile, declarations, problems);
  const content = stripBom(lockfile.content);
  const parsed = parseJson<unknown>(content);
  if (!parsed.ok) {
    return { dependencies: [], manifests: [], problems: [...problems, { path: lockfile.path, message: parsed.message, line: parsed.line, column: parsed.column }] };
  }
  const lock = asTable(parsed.value);
  if (!lock) return { dependencies: [], manifests: [], problems: [...problems, { path: lockfile.path, line: 1, message: `Pipfile.lock is ${kindOf(parsed.value)}, expected a JSON object` }] };
  const read = readLock(lockfile.path, content, lock, declarations);
  appendAll(problems, read.problems);
  return { dependencies: read.dependencies, manifests: [{ path: lockfile.path, packages: read.dependencies.length }], problems };
}

/** No lockfile: the Pipfile says which packages are wanted, and the version only when pinned. */
function pipfileOnly(pipfile: SourceFile | undefined, declarations: readonly PythonDeclaration[], problems: ExtractionProblem[]): Extraction {
  const dependencies: Dependency[] = [];
  for (const declaration of declarations) {
    if (declaration.local) continue;
    const version = pinnedVersion(declaration.requirement);
    const purl = pythonPurl(declaration.name, version);
    if (purl === undefined) {
      problems.push({ path: declaration.location.path, line: declaration.location.line, message: `${quote(declaration.name)} is not a package name`, kind: 'invalid-entry' });
      continue;
    }
    dependencies.push({
      ecosystem: 'pipenv',
      name: declaration.name,
      ...(version !== undefined ? { version } : { requirement: declaration.requirement }),
      purl,
      manifest: declaration.location.path,
      line: declaration.location.line,
      declaredAt: declaration.location,
      scope: declaration.scope,
      direct: true,
    });
  }
  const read = pipfile !== undefined && !problems.some((problem) => problem.path === pipfile.path && problem.kind !== 'invalid-entry');
  return { dependencies, manifests: read && pipfile ? [{ path: pipfile.path, packages: dependencies.length }] : [], problems };
}

/** The package sections of a Pipfile.lock (`default`, `develop`, custom categories), each entry checked on its own. */
function readLock(path: string, content: string, lock: Record<string, unknown>, declarations: readonly PythonDeclaration[]): { dependencies: Dependency[]; problems: ExtractionProblem[] } {
  // Sections and their entries: two levels of keys (the hashes and markers inside entries are not looked at).
  const lines = jsonKeyTree(content, 'container', 2);
  let anyLines: Map<string, KeyLine> | undefined; // every key's line, for a section or entry that is no map
  const anyLineOf = (...keys: string[]) => keyLineAt((anyLines ??= jsonKeyTree(content, 'any', 2)), ...keys)?.line;
  const declared = declarationsBySection(declarations);
  const problems = new ProblemList();
  const invalid = (line: number | undefined, message: string) => problems.add({ path, line, message, kind: 'invalid-entry' });
  const dependencies: Dependency[] = [];
  for (const section of Object.keys(lock)) {
    if (section === '_meta') continue;
    const value = lock[section];
    const table = asTable(value);
    if (!table) {
      invalid(lines.get(section)?.line ?? anyLineOf(section), `${quote(section)} is ${kindOf(value)}, expected a map of packages`);
      continue;
    }
    const entryLines = lines.get(section)?.inside;
    // Direct when the Pipfile section that fills this lock section asks for it.
    const sectionDeclared = declared.get(pipfileSectionOf(section));
    const scope = LOCK_SECTIONS.get(section) ?? 'unknown';
    for (const name of Object.keys(table)) {
      const raw = table[name];
      const line = entryLines?.get(name)?.line ?? anyLineOf(section, name);
      const wrong = LOCK_ENTRY.problem(raw);
      if (wrong !== undefined) {
        invalid(line, `${quote(section)} › ${quote(name)}: ${wrong}`);
        continue;
      }
      const entry = raw as LockEntry;
      // A local path (`pipenv = {path = ".", editable = true}`) is the project itself, not a package.
      if (entry.path !== undefined && entry.version === undefined) continue;
      const version = entry.version !== undefined ? pinnedVersion(entry.version) : undefined;
      // Normalised once, for the purl (as pythonPurl makes it) and the Pipfile lookup.
      const key = normalizePythonName(name);
      const purl = purlOf('pypi', undefined, key, version);
      if (purl === undefined) {
        invalid(line, `${quote(section)} › ${quote(name)} is not a package name`);
        continue;
      }
      const declaration = sectionDeclared?.get(key);
      // One literal, absent fields undefined: this runs for every entry of multi-megabyte lockfiles.
      dependencies.push({
        ecosystem: 'pipenv',
        name,
        version,
        requirement: version === undefined ? requirementOf(entry) : undefined,
        purl,
        manifest: path,
        line,
        declaredAt: declaration?.location.line !== undefined ? declaration.location : undefined,
        scope,
        direct: declaration !== undefined,
      });
    }
  }
  return { dependencies, problems: problems.list() };
}

/** What an entry without a pinned version asks for: its git source, its file, or its version range. */
function requirementOf(entry: LockEntry): string {
  return entry.git !== undefined ? `git+${entry.git}${entry.ref !== undefined ? `@${entry.ref}` : ''}` : (entry.file ?? entry.version ?? '');
}

/** The Pipfile's declarations by section and normalised name; the first of a repeated name wins. */
function declarationsBySection(declarations: readonly PythonDeclaration[]): Map<string, Map<string, PythonDeclaration>> {
  const bySection = new Map<string, Map<string, PythonDeclaration>>();
  for (const declaration of declarations) {
    let section = bySection.get(declaration.group);
    if (section === undefined) bySection.set(declaration.group, (section = new Map()));
    if (!section.has(declaration.key)) section.set(declaration.key, declaration);
  }
  return bySection;
}
