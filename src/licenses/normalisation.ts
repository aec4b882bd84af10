/**
 * The curated table of non-SPDX spellings that name one SPDX license (policies/
 * license-normalisation.yml). Matching is case-insensitive and whitespace-normalised, nothing
 * fuzzier: a spelling the table does not hold stays unknown. Static package data, read once.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const NORMALISATION_FILE = 'license-normalisation.yml';

/** policies/ at the package root, from src/licenses or dist/src/licenses (as src/policy/presets.ts). */
function normalisationPath(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes('/dist/') ? new URL('../../../', import.meta.url) : new URL('../../', import.meta.url);
  return fileURLToPath(new URL(`policies/${NORMALISATION_FILE}`, root));
}

/** The table's matching key: `  The  MIT License ` -> `the mit license`. */
export function spellingKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

let table: ReadonlyMap<string, string> | undefined;

/** Spelling (as written in the file) -> SPDX expression. */
export function normalisationEntries(): ReadonlyMap<string, string> {
  const data = parse(readFileSync(normalisationPath(), 'utf8')) as { spellings?: unknown };
  const spellings = data.spellings;
  if (typeof spellings !== 'object' || spellings === null || Array.isArray(spellings)) {
    throw new Error(`${NORMALISATION_FILE}: expected a "spellings" map`);
  }
  const entries = new Map<string, string>();
  for (const [spelling, expression] of Object.entries(spellings)) {
    if (typeof expression !== 'string') throw new Error(`${NORMALISATION_FILE}: "${spelling}" must map to an SPDX expression`);
    entries.set(spelling, expression);
  }
  return entries;
}

function lookupTable(): ReadonlyMap<string, string> {
  if (!table) {
    const byKey = new Map<string, string>();
    for (const [spelling, expression] of normalisationEntries()) {
      const key = spellingKey(spelling);
      if (byKey.has(key)) throw new Error(`${NORMALISATION_FILE}: "${spelling}" is listed twice`);
      byKey.set(key, expression);
    }
    table = byKey;
  }
  return table;
}

/** The SPDX expression the table gives for this exact spelling, if any. */
export function lookupSpelling(text: string): string | undefined {
  return lookupTable().get(spellingKey(text));
}
