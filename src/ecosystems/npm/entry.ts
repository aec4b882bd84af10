/** What the two readers of npm lockfiles (`packages` of v2/v3, the v1 tree) share. */
import { makePurl, splitScopedName } from '../../deps/purl.js';
import type { DeclaredDependency } from '../package-json.js';
import type { PackageHash } from '../../deps/model.js';
import type { Dependency, ExtractionProblem, Scope, SourceFile } from '../types.js';

/** What reading one npm lockfile gives: its dependencies and the entries that could not be read, or why none could. */
export type NpmLockResult = { dependencies: Dependency[]; problems: ExtractionProblem[] } | { problem: ExtractionProblem };

/** `{ name: range }`, as npm writes the dependency fields of an entry. */
export const RANGES = { type: 'object', additionalProperties: { type: 'string' } } as const;

export function scopeOf(entry: { dev?: boolean; devOptional?: boolean }): Scope {
  return entry.dev === true || entry.devOptional === true ? 'development' : 'runtime';
}

export function npmDependency(
  file: SourceFile,
  name: string,
  version: string,
  fields: { line?: number; scope: Scope; direct: boolean; license?: string; installedAs: string; requiredBy: string[]; installScripts?: boolean; hashes?: PackageHash[] },
  declared: ReadonlyMap<string, DeclaredDependency>,
): Dependency {
  const { namespace, name: bareName } = splitScopedName(name);
  const declaration = fields.direct ? declared.get(fields.installedAs) : undefined;
  // One literal, absent fields undefined: this runs for every entry of multi-megabyte lockfiles.
  return {
    ecosystem: 'npm',
    name,
    version,
    purl: makePurl('npm', namespace, bareName, version),
    manifest: file.path,
    line: fields.line,
    declaredAt: declaration?.location.line !== undefined ? declaration.location : undefined,
    scope: fields.scope,
    direct: fields.direct,
    license: fields.license,
    requiredBy: fields.requiredBy,
    installScripts: fields.installScripts,
    hashes: fields.hashes,
  };
}
