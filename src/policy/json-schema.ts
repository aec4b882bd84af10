/**
 * The policy schema (definition.ts) as a JSON Schema (draft-07, what editors' YAML support reads
 * best), published as policies/ospo-gatekeeper.schema.json so editors complete and check
 * `.github/ospo-gatekeeper.yml`. Derived, never written by hand: the validator that keeps YAML
 * positions and this document come from the same declaration, and a test holds the checked-in
 * file to this output. Checks that are functions (SPDX ids, purls, globs) cannot be expressed
 * here: the editor checks the shape, `ospo-gatekeeper validate` everything.
 */
import { policySchema } from './definition.js';
import type { Schema } from './schema.js';

export const SCHEMA_ID = 'https://raw.githubusercontent.com/ospo-gatekeeper/ospo-gatekeeper/main/policies/ospo-gatekeeper.schema.json';

type JsonSchema = Record<string, unknown>;

export function policyJsonSchema(categories: ReadonlySet<string>, presets: readonly string[]): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'ospo-gatekeeper policy (.github/ospo-gatekeeper.yml)',
    ...toJsonSchema(policySchema(categories, presets)),
  };
}

/** The document as it is checked in: two-space indents and a final newline. */
export function policyJsonSchemaText(categories: ReadonlySet<string>, presets: readonly string[]): string {
  return `${JSON.stringify(policyJsonSchema(categories, presets), null, 2)}\n`;
}

function toJsonSchema(schema: Schema): JsonSchema {
  const annotations: JsonSchema = {};
  if (schema.description !== undefined) annotations.description = schema.description;
  if (schema.examples !== undefined && schema.examples.length > 0) annotations.examples = [...schema.examples];
  return { ...annotations, ...shapeOf(schema) };
}

function shapeOf(schema: Schema): JsonSchema {
  switch (schema.kind) {
    case 'object': {
      const properties = Object.fromEntries(Object.entries(schema.fields).map(([key, field]) => [key, toJsonSchema(field)]));
      return { type: 'object', properties, ...(schema.required && schema.required.length > 0 ? { required: [...schema.required] } : {}), additionalProperties: false };
    }
    case 'list':
      return { type: 'array', items: toJsonSchema(schema.item) };
    case 'enum':
      return { type: 'string', enum: [...schema.values] };
    case 'string':
      // The validator takes a number as the text it is written as (`extends: 2024`).
      return { type: ['string', 'number'] };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return { type: 'integer', ...bounds(schema.min, schema.max) };
    case 'number':
      return { type: 'number', ...bounds(schema.min, schema.max) };
    case 'map':
      return { type: 'object', ...(schema.knownKeys ? { propertyNames: { enum: [...schema.knownKeys] } } : {}), additionalProperties: toJsonSchema(schema.value) };
    case 'date':
      return { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    default:
      throw new Error('policy schema node has no kind');
  }
}

function bounds(min: number | undefined, max: number | undefined): JsonSchema {
  return { ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}) };
}
