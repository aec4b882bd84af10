/**
 * The shapes pnpm writes, as JSON Schemas checked at the parser's edge. The YAML is read with the
 * failsafe schema, so every scalar is a string: the wrong shapes are a map, a list or an empty
 * value (null) where another is expected.
 */
import { shape } from '../shape.js';
import type { Generation } from './keys.js';

export type Fields = Record<string, unknown>;

/** `{ name: reference }`: what an entry depends on. */
const REFERENCES = { type: 'object', additionalProperties: { type: 'string' } } as const;

export interface PackageEntry {
  name?: string;
  version?: string;
  /** `integrity` is not checked by the schema: a malformed digest is only not recorded. */
  resolution?: { directory?: string; integrity?: unknown };
  dev?: 'true' | 'false';
  /** v5/v6 (pnpm 7, 8): the package runs install scripts (or builds a binding.gyp). pnpm 9 stopped writing it. */
  requiresBuild?: 'true' | 'false';
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** A `packages` entry (v5/v6: also the graph node). */
export const packageEntryShape = shape<PackageEntry>({
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'string' },
    resolution: { type: 'object' },
    dev: { enum: ['true', 'false'] },
    requiresBuild: { enum: ['true', 'false'] },
    dependencies: REFERENCES,
    optionalDependencies: REFERENCES,
  },
});

/** A v9 `snapshots` entry: a graph node. */
export const graphEntryShape = shape<PackageEntry>({
  type: 'object',
  properties: { dependencies: REFERENCES, optionalDependencies: REFERENCES },
});

export type ImporterField = 'dependencies' | 'optionalDependencies' | 'devDependencies';
const IMPORTER_FIELDS: readonly ImporterField[] = ['dependencies', 'optionalDependencies', 'devDependencies'];

const importerShape = shape<Partial<Record<ImporterField, Fields>>>({
  type: 'object',
  properties: { dependencies: { type: 'object' }, optionalDependencies: { type: 'object' }, devDependencies: { type: 'object' } },
});
/** v5 lists the reference itself. */
const v5Spec = shape<string>({ type: 'string' });
/** v6 and v9: `{ specifier, version }`. */
const specObject = shape<{ version: string }>({
  type: 'object',
  required: ['version'],
  properties: { specifier: { type: 'string' }, version: { type: 'string' } },
});

export interface CheckedImporter {
  dependencies: { name: string; field: ImporterField; reference: string }[];
  /** Where (keys under the importer) and what is wrong. */
  problems: { at: string[]; problem: string }[];
}

/** The dependencies an importer lists, each checked on its own. */
export function checkImporter(value: unknown, generation: Generation): CheckedImporter {
  const checked: CheckedImporter = { dependencies: [], problems: [] };
  const problem = importerShape.problem(value);
  if (problem !== undefined) {
    checked.problems.push({ at: [], problem });
    return checked;
  }
  const importer = value as Partial<Record<ImporterField, Fields>>;
  const spec = generation === 5 ? v5Spec : specObject;
  for (const field of IMPORTER_FIELDS) {
    const listed = importer[field];
    if (listed === undefined) continue;
    for (const name of Object.keys(listed)) {
      const entry = listed[name];
      const entryProblem = spec.problem(entry);
      if (entryProblem !== undefined) checked.problems.push({ at: [field, name], problem: entryProblem });
      else checked.dependencies.push({ name, field, reference: typeof entry === 'string' ? entry : (entry as { version: string }).version });
    }
  }
  return checked;
}
