import { jsonKeyLines, keyPath, parseJson } from '../formats/json-lines.js';
import { appendAll } from '../../deps/arrays.js';
import { baseName, isInVendoredTree } from '../paths.js';
import { ProblemList, quote } from '../problems.js';
import { kindOf } from '../shape.js';
import { stripBom } from '../text.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, Location, Scope, SourceFile } from '../types.js';
import { composerPurl, extractComposerLock } from './lockfile.js';

/**
 * Composer (PHP): composer.lock with the composer.json beside it. vendor/ is where composer
 * installs packages (each with its own composer.json), so nothing under it is read.
 */
export const composer: Ecosystem = {
  id: 'composer',
  // deps.dev does not index Packagist: licenses come from composer.lock itself.
  owns: (path) => ['composer.json', 'composer.lock'].includes(baseName(path)) && !isInVendoredTree(path, ['vendor', 'node_modules']),
  extract: extractComposerProject,
};

interface Declaration {
  name: string;
  requirement: string;
  scope: Scope;
  location: Location;
}

const REQUIRE_FIELDS = [
  ['require', 'runtime'],
  ['require-dev', 'development'],
] as const;

/**
 * Platform requirements (`php`, `ext-json`, `lib-icu`, `composer-plugin-api`, `hhvm`...) are
 * checks on the PHP runtime, not packages; every installable package name has a `vendor/` part.
 */
function isPlatformPackage(name: string): boolean {
  return !name.includes('/');
}

interface ComposerJson {
  declarations: Declaration[];
  problems: ExtractionProblem[];
}

function readComposerJson(file: SourceFile): ComposerJson | ExtractionProblem {
  const content = stripBom(file.content);
  const parsed = parseJson<unknown>(content);
  if (!parsed.ok) return { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column };
  const data = parsed.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { path: file.path, line: 1, message: `composer.json is ${kindOf(data)}, expected a JSON object` };
  const lines = jsonKeyLines(content, 'any');
  const declarations: Declaration[] = [];
  const problems = new ProblemList();
  for (const [field, scope] of REQUIRE_FIELDS) {
    if (!Object.hasOwn(data, field)) continue;
    const section = (data as Record<string, unknown>)[field];
    // PHP's json_encode writes an empty map as `[]`.
    if (Array.isArray(section) && section.length === 0) continue;
    if (typeof section !== 'object' || section === null || Array.isArray(section)) {
      problems.add({ path: file.path, line: lines.get(field), message: `"${field}" is ${kindOf(section)}, expected a map of package names to version constraints`, kind: 'invalid-entry' });
      continue;
    }
    for (const [name, requirement] of Object.entries(section as Record<string, unknown>)) {
      if (isPlatformPackage(name)) continue;
      const line = lines.get(keyPath(field, name));
      if (typeof requirement !== 'string') {
        problems.add({ path: file.path, line, message: `"${field}" › ${quote(name)} is ${kindOf(requirement)}, expected a version constraint string`, kind: 'invalid-entry' });
        continue;
      }
      declarations.push({ name, requirement, scope, location: { path: file.path, line } });
    }
  }
  return { declarations, problems: problems.list() };
}

function extractComposerProject(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  const manifest = files.find((file) => baseName(file.path) === 'composer.json');
  const lockfile = files.find((file) => baseName(file.path) === 'composer.lock');
  let declarations: Declaration[] = [];
  let manifestRead = false;
  if (manifest) {
    const read = readComposerJson(manifest);
    if ('message' in read) problems.push(read);
    else {
      declarations = read.declarations;
      appendAll(problems, read.problems);
      manifestRead = true;
    }
  }
  if (lockfile) {
    // Package names are case-insensitive in composer; require keys may differ in case from the lock.
    const declared = new Map<string, Location>();
    for (const declaration of declarations) if (!declared.has(declaration.name.toLowerCase())) declared.set(declaration.name.toLowerCase(), declaration.location);
    const result = extractComposerLock(lockfile, declared);
    if ('problem' in result) return { dependencies: [], manifests: [], problems: [...problems, result.problem] };
    appendAll(problems, result.problems);
    return { dependencies: result.dependencies, manifests: [{ path: lockfile.path, packages: result.dependencies.length }], problems };
  }
  if (!manifest || !manifestRead) return { dependencies: [], manifests: [], problems };
  // No lockfile: composer.json says which packages are wanted, not which versions.
  const dependencies: Dependency[] = [];
  for (const declaration of declarations) {
    const purl = composerPurl(declaration.name);
    if (purl === undefined) {
      problems.push({ path: manifest.path, line: declaration.location.line, message: `package name ${quote(declaration.name)} is not vendor/name`, kind: 'invalid-entry' });
      continue;
    }
    dependencies.push({
      ecosystem: 'composer',
      name: declaration.name,
      requirement: declaration.requirement,
      purl,
      manifest: manifest.path,
      ...(declaration.location.line !== undefined ? { line: declaration.location.line } : {}),
      scope: declaration.scope,
      direct: true,
    });
  }
  return { dependencies, manifests: [{ path: manifest.path, packages: dependencies.length }], problems };
}
