import { jsonKeyLines, keyPath, parseJson } from '../../deps/json-lines.js';
import { baseName, isInVendoredTree } from '../paths.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, Location, Scope, SourceFile } from '../types.js';
import { composerPurl, extractComposerLock } from './lockfile.js';

/**
 * Composer (PHP): composer.lock with the composer.json beside it. vendor/ is where composer
 * installs packages (each with its own composer.json), so nothing under it is read.
 */
export const composer: Ecosystem = {
  id: 'composer',
  purlType: 'composer',
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

function readComposerJson(file: SourceFile): Declaration[] | ExtractionProblem {
  const parsed = parseJson<Record<string, unknown>>(file.content);
  if (!parsed.ok) return { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column };
  const data = parsed.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { path: file.path, line: 1, message: 'composer.json is not a JSON object' };
  const lines = jsonKeyLines(file.content, 'any');
  const declarations: Declaration[] = [];
  for (const [field, scope] of REQUIRE_FIELDS) {
    const section = data[field];
    if (typeof section !== 'object' || section === null || Array.isArray(section)) continue;
    for (const [name, requirement] of Object.entries(section as Record<string, unknown>)) {
      if (isPlatformPackage(name)) continue;
      declarations.push({
        name,
        requirement: typeof requirement === 'string' ? requirement : '',
        scope,
        location: { path: file.path, line: lines.get(keyPath(field, name)) },
      });
    }
  }
  return declarations;
}

function extractComposerProject(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  const manifest = files.find((file) => baseName(file.path) === 'composer.json');
  const lockfile = files.find((file) => baseName(file.path) === 'composer.lock');
  let declarations: Declaration[] = [];
  if (manifest) {
    const read = readComposerJson(manifest);
    if ('message' in read) problems.push(read);
    else declarations = read;
  }
  if (lockfile) {
    // Package names are case-insensitive in composer; require keys may differ in case from the lock.
    const declared = new Map<string, Location>();
    for (const declaration of declarations) if (!declared.has(declaration.name.toLowerCase())) declared.set(declaration.name.toLowerCase(), declaration.location);
    const result = extractComposerLock(lockfile, declared);
    if ('problem' in result) return { dependencies: [], manifests: [], problems: [...problems, result.problem] };
    return { dependencies: result.dependencies, manifests: [{ path: lockfile.path, packages: result.dependencies.length }], problems };
  }
  if (!manifest || problems.length > 0) return { dependencies: [], manifests: [], problems };
  // No lockfile: composer.json says which packages are wanted, not which versions.
  const dependencies: Dependency[] = declarations.map((declaration) => ({
    ecosystem: 'composer',
    name: declaration.name,
    requirement: declaration.requirement,
    purl: composerPurl(declaration.name),
    manifest: manifest.path,
    ...(declaration.location.line !== undefined ? { line: declaration.location.line } : {}),
    scope: declaration.scope,
    direct: true,
  }));
  return { dependencies, manifests: [{ path: manifest.path, packages: dependencies.length }], problems };
}
