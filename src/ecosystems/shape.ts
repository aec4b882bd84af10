/**
 * Shape checks at the edge of every parser: a JSON Schema per entry, compiled once with ajv,
 * and a message in the file's own terms when a value does not fit (`"version" is a number,
 * expected a string`), never an internal error. Parsers check each entry on its own, so one
 * malformed entry is a `manifest/invalid-entry` problem and the valid ones are still read.
 *
 * Why ajv: the schemas stay declarative data beside each parser (what the format allows, read at
 * a glance), validation is compiled code (well under a microsecond per entry: it runs over every
 * entry of 100k-package lockfiles), and it is already the project's SARIF schema validator.
 */
import { Ajv, type ErrorObject, type Schema } from 'ajv';

const ajv = new Ajv({ strict: true, allErrors: false });

export interface Shape<T> {
  /** True when `value` has the shape. */
  is(value: unknown): value is T;
  /** Why `value` does not have the shape, in words for the file's author; undefined when it does. */
  problem(value: unknown): string | undefined;
}

/**
 * Compiles a JSON Schema once. `T` is what the schema guarantees: keep the two in step (the
 * schema is the check, the type only tells the compiler what passed it).
 */
export function shape<T>(schema: Schema): Shape<T> {
  const validate = ajv.compile(schema);
  return {
    is: (value: unknown): value is T => validate(value) === true,
    problem: (value: unknown) => {
      if (validate(value) === true) return undefined;
      const error = validate.errors?.[0];
      return error ? describeError(error, value) : 'has an unexpected shape';
    },
  };
}

/** `null`, `an array`, `a number`, `a string`, `an object`, `true`: what a JSON value is, in words. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return String(value);
    case 'object':
      return 'a map';
    default:
      return typeof value;
  }
}

const TYPE_WORDS: Record<string, string> = { string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'a map', array: 'a list', null: 'null' };

function describeError(error: ErrorObject, root: unknown): string {
  const where = error.instancePath === '' ? '' : `${pathWords(error.instancePath)} `;
  const actual = valueAt(root, error.instancePath);
  switch (error.keyword) {
    case 'type': {
      const wanted = String(error.params.type)
        .split(',')
        .map((type) => TYPE_WORDS[type] ?? type)
        .join(' or ');
      return `${where || 'the entry '}is ${kindOf(actual)}, expected ${wanted}`;
    }
    case 'required':
      return `${where || 'the entry '}has no "${String(error.params.missingProperty)}"`;
    case 'minLength':
      return `${where || 'the entry '}is empty`;
    case 'pattern':
      return `${where || 'the entry '}${JSON.stringify(actual)} is not in the expected form`;
    case 'enum':
      return `${where || 'the entry '}is ${JSON.stringify(actual)}, expected one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return `${where || 'the entry '}${error.message ?? 'has an unexpected shape'}`;
  }
}

/** `/dependencies/left-pad/version` -> `"dependencies" › "left-pad" › "version"`. */
function pathWords(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => JSON.stringify(segment.replaceAll('~1', '/').replaceAll('~0', '~')))
    .join(' › ');
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * shape(), compiled on first use rather than when the module loads: every ecosystem is imported
 * on every run, and most runs read two or three of them (ajv compiles a schema in milliseconds).
 */
export function lazyShape<T>(schema: Schema): Shape<T> {
  let compiled: Shape<T> | undefined;
  const get = () => (compiled ??= shape<T>(schema));
  return {
    is: (value: unknown): value is T => get().is(value),
    problem: (value: unknown) => get().problem(value),
  };
}
