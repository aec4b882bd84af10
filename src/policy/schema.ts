/**
 * A small declarative schema checked against the YAML syntax tree, so that every error carries
 * the line and column of the offending node. (JSON-schema validators work on plain objects and
 * lose positions; the policy language is small enough that this is shorter than the glue.)
 */
import { didYouMean } from '../words.js';
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export interface SchemaError {
  message: string;
  line?: number;
  column?: number;
}

/** Carries, in the type only, what a valid node reads as (`TypeOf`). */
declare const READS_AS: unique symbol;

/**
 * What a node must be. `description` is for people (the published JSON Schema shows it in
 * editors); `examples` are values an editor offers while the check itself stays a function
 * (license entries: categories and SPDX ids). A map's `knownKeys` are the names its `key` check
 * accepts, when they are a closed list. `T` is what a valid node reads as (`readValid`): the
 * builders below work it out, so the policy file's type comes from the same declaration.
 */
export type Schema<T = unknown> = SchemaShape & { description?: string; examples?: readonly string[]; readonly [READS_AS]?: T };

type SchemaShape =
  | { kind: 'object'; fields: Readonly<Record<string, Schema>>; required?: readonly string[] }
  | { kind: 'list'; item: Schema }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'string'; check?: (value: string) => string | undefined }
  | { kind: 'boolean' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'map'; value: Schema; key?: (name: string) => string | undefined; knownKeys?: readonly string[] }
  | { kind: 'date' };

/** What a valid node of schema `S` reads as. */
export type TypeOf<S> = S extends Schema<infer T> ? T : never;

type Fields = Record<string, Schema>;
/** An object's value: the required fields, then the rest optional (absent, never undefined). */
type ObjectOf<F extends Fields, R extends keyof F> = Flatten<{ [K in R]: TypeOf<F[K]> } & { [K in Exclude<keyof F, R>]?: TypeOf<F[K]> }>;
type Flatten<T> = { [K in keyof T]: T[K] };

export const object = <F extends Fields, R extends keyof F & string = never>(fields: F, required?: readonly R[]): Schema<ObjectOf<F, R>> => ({ kind: 'object', fields, required });
export const list = <T>(item: Schema<T>): Schema<T[]> => ({ kind: 'list', item });
export const oneOf = <V extends string>(...values: V[]): Schema<V> => ({ kind: 'enum', values });
export const text = (check?: (value: string) => string | undefined): Schema<string> => ({ kind: 'string', check });
export const flag: Schema<boolean> = { kind: 'boolean' };
export const integer = (min?: number, max?: number): Schema<number> => ({ kind: 'integer', min, max });
/** A number, fractions allowed (`4.5`), from `min` to `max` inclusive. */
export const numberBetween = (min: number, max: number): Schema<number> => ({ kind: 'number', min, max });
/** A mapping of names the file chooses (`checks: { Maintained: 3 }`); `key` says what is wrong with a name. */
export const mapOf = <T>(value: Schema<T>, key?: (name: string) => string | undefined, knownKeys?: readonly string[]): Schema<Record<string, T>> => ({ kind: 'map', value, key, knownKeys });
/** A day, `YYYY-MM-DD`: read as that text. */
export const date: Schema<string> = { kind: 'date' };

/** The schema with a description (and values an editor may offer) for the published JSON Schema. */
export const about = <T>(description: string, schema: Schema<T>, examples?: readonly string[]): Schema<T> => ({ ...schema, description, ...(examples ? { examples } : {}) });

/**
 * A value that passed `checkNode` against `schema`, as the schema's type says it reads: a
 * number written where text belongs as that text (`extends: 2024`), a date under `%YAML 1.1`
 * (a Date at UTC midnight) as `YYYY-MM-DD`, keys the schema does not declare left out. The one
 * place the checked plain data becomes typed.
 */
export function readValid<T>(value: unknown, schema: Schema<T>): T {
  // checkNode has held `value` to `schema`: what comes back has the schema's type.
  return readNode(value, schema) as T;
}

function readNode(value: unknown, schema: Schema): unknown {
  switch (schema.kind) {
    case 'object': {
      const record = value as Record<string, unknown>;
      const read: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(schema.fields)) if (Object.hasOwn(record, key) && record[key] !== undefined) read[key] = readNode(record[key], field);
      return read;
    }
    case 'list':
      return (value as unknown[]).map((item) => readNode(item, schema.item));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, readNode(item, schema.value)]));
    case 'string':
      return String(value);
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    default:
      return value;
  }
}

/**
 * Checks `node` against `schema`; `where` names the key path for messages (`licenses.allow[2]`).
 * With `doc`, an alias (`*base`) is checked as the node it names, errors at that node; the caller
 * has rejected aliases inside their own anchor, which would make this walk endless.
 */
export function checkNode(given: Node | null | undefined, schema: Schema, where: string, lines: LineCounter, doc?: Document): SchemaError[] {
  const node = isAlias(given) && doc ? given.resolve(doc) : given;
  const at = (target: Node | null | undefined, message: string): SchemaError[] => {
    const offset = target?.range?.[0];
    if (offset === undefined) return [{ message }];
    const { line, col } = lines.linePos(offset);
    return [{ message, line, column: col }];
  };
  if (node === null || node === undefined) return at(node, `${where}: a value is required`);
  switch (schema.kind) {
    case 'object': {
      if (!isMap(node)) return at(node, `${where}: expected a mapping of keys`);
      const errors: SchemaError[] = [];
      const seen = new Set<string>();
      for (const pair of node.items as Pair<Node, Node>[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) {
          errors.push(...at(pair.key, `${where}: keys must be plain names`));
          continue;
        }
        const path = where === '' ? key : `${where}.${key}`;
        // Own fields only: `constructor` or `__proto__` must be unknown keys, not Object.prototype's.
        const fieldSchema = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
        if (!fieldSchema && key === '<<') {
          // YAML 1.1's merge key: YAML 1.2 (what is read) has none, so it would be an odd unknown key.
          errors.push(...at(pair.key, `${path}: YAML merge keys (<<) are not read in a policy: write the keys out (anchors and aliases of whole values work)`));
          continue;
        }
        if (!fieldSchema) {
          const known = Object.keys(schema.fields).join(', ');
          errors.push(...at(pair.key, `${path}: unknown key "${key}"${didYouMean(key, Object.keys(schema.fields))} (expected one of: ${known})`));
          continue;
        }
        seen.add(key);
        errors.push(...checkNode(pair.value, fieldSchema, path, lines, doc));
      }
      for (const required of schema.required ?? []) {
        if (!seen.has(required)) errors.push(...at(node, `${where === '' ? '' : `${where}: `}missing required key "${required}"`));
      }
      return errors;
    }
    case 'list': {
      if (!isSeq(node)) return at(node, `${where}: expected a list`);
      return node.items.flatMap((item, index) => checkNode(item as Node, schema.item, `${where}[${index}]`, lines, doc));
    }
    case 'enum': {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value === 'string' && schema.values.includes(value)) return [];
      return at(node, `${where}: expected one of ${schema.values.join(' | ')}, got ${describe(node)}${typeof value === 'string' ? didYouMean(value, schema.values) : ''}`);
    }
    case 'string': {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value !== 'string' && typeof value !== 'number') return at(node, `${where}: expected a text value, got ${describe(node)}`);
      // A number is taken as the text it is written as (`extends: 2024`), unless reading it changes
      // that text: `010`, `1e3`, `0x1F` or `1.10` would silently become 10, 1000, 31 or 1.1.
      const written = isScalar(node) ? node.source : undefined;
      if (typeof value === 'number' && written !== undefined && written !== String(value)) {
        return at(node, `${where}: ${written} reads as the number ${String(value)}; quote it ("${written}") if it is meant as text`);
      }
      const problem = schema.check?.(String(value));
      return problem ? at(node, `${where}: ${problem}`) : [];
    }
    case 'boolean': {
      const value = isScalar(node) ? node.value : undefined;
      return typeof value === 'boolean' ? [] : at(node, `${where}: expected true or false, got ${describe(node)}`);
    }
    case 'integer': {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value !== 'number' || !Number.isInteger(value)) return at(node, `${where}: expected a whole number, got ${describe(node)}`);
      const problem = rangeProblem(value, schema.min, schema.max);
      return problem ? at(node, `${where}: ${problem}`) : [];
    }
    case 'number': {
      const value = isScalar(node) ? node.value : undefined;
      // `.nan` and `.inf` are YAML numbers too, and compare false against any bound.
      if (typeof value !== 'number' || !Number.isFinite(value)) return at(node, `${where}: expected a number, got ${describe(node)}`);
      const problem = rangeProblem(value, schema.min, schema.max);
      return problem ? at(node, `${where}: ${problem}`) : [];
    }
    case 'map': {
      if (!isMap(node)) return at(node, `${where}: expected a mapping of names to values`);
      return (node.items as Pair<Node, Node>[]).flatMap((pair) => {
        const key = isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
        if (key === undefined) return at(pair.key, `${where}: keys must be plain names`);
        const problem = schema.key?.(key);
        if (problem) return at(pair.key, `${where}.${key}: ${problem}`);
        return checkNode(pair.value, schema.value, `${where}.${key}`, lines, doc);
      });
    }
    case 'date': {
      if (!isScalar(node) || (typeof node.value !== 'string' && !(node.value instanceof Date))) {
        return at(node, `${where}: expected a date like 2027-06-30, got ${describe(node)}`);
      }
      // The text as written: under `%YAML 1.1` the value is a Date, already rolled over (02-30 -> 03-02).
      const written = node.source ?? (typeof node.value === 'string' ? node.value : node.value.toISOString().slice(0, 10));
      if (!/^\d{4}-\d{2}-\d{2}$/.test(written)) return at(node, `${where}: expected a date like 2027-06-30, got ${JSON.stringify(written)}`);
      return isCalendarDate(written) ? [] : at(node, `${where}: ${written} is not a date in the calendar`);
    }
    default:
      // Every kind is handled above; a schema that is not one is a bug here, not in the file.
      throw new Error(`policy schema for ${where || 'the file'} has no kind`);
  }
}

function rangeProblem(value: number, min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return value < min || value > max ? `must be between ${min} and ${max}, got ${value}` : undefined;
  if (max !== undefined) return value > max ? `must be at most ${max}, got ${value}` : undefined;
  return min !== undefined && value < min ? `must be at least ${min}` : undefined;
}

/** `YYYY-MM-DD` names a real day (Date.parse accepts 2027-02-30 and rolls it over to March). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

function describe(node: Node): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  // `.nan` and `.inf` as written: JSON.stringify would say null.
  if (isScalar(node)) return typeof node.value === 'number' && !Number.isFinite(node.value) ? (node.source ?? String(node.value)) : JSON.stringify(node.value);
  return 'an unsupported value';
}
