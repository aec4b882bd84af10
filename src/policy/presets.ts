/**
 * Built-in data shipped in policies/: presets a policy can `extends`, and license categories.
 * Read once from the package's own files (static data, not user input).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** policies/ at the package root: two levels up from src/policy (or dist/src/policy). */
function policiesDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes('/dist/') ? new URL('../../../', import.meta.url) : new URL('../../', import.meta.url);
  return fileURLToPath(new URL('policies/', root));
}

const CATEGORY_FILE = 'license-categories.yml';
/** Data files in policies/ that are not presets (the license normalisation table is read by src/licenses, governance by src/facts). */
const DATA_FILES: ReadonlySet<string> = new Set([CATEGORY_FILE, 'license-normalisation.yml', 'governance.yml']);
let categoryCache: Map<string, string[]> | undefined;

/** Category name -> SPDX ids, with nested categories expanded. */
export function licenseCategories(): ReadonlyMap<string, string[]> {
  if (categoryCache) return categoryCache;
  const raw = parse(readFileSync(`${policiesDir()}${CATEGORY_FILE}`, 'utf8')) as Record<string, string[]>;
  const expand = (name: string, trail: string[]): string[] => {
    if (trail.includes(name)) throw new Error(`${CATEGORY_FILE}: category ${name} includes itself`);
    return (raw[name] ?? []).flatMap((entry) => (entry in raw ? expand(entry, [...trail, name]) : [entry]));
  };
  categoryCache = new Map(Object.keys(raw).map((name) => [name, [...new Set(expand(name, []))]]));
  return categoryCache;
}

/** A license list entry as the SPDX ids it stands for: a category's ids, or the entry itself. */
export function expandLicenseEntry(entry: string): string[] {
  return licenseCategories().get(entry) ?? [entry];
}

/** Names of the presets in policies/ (`permissive`, `strict`...). */
export function presetNames(): string[] {
  return readdirSync(policiesDir())
    .filter((file) => file.endsWith('.yml') && !DATA_FILES.has(file))
    .map((file) => file.slice(0, -'.yml'.length))
    .sort();
}

/** The text of a preset, or undefined if there is no such preset. */
export function presetText(name: string): string | undefined {
  if (!presetNames().includes(name)) return undefined;
  return readFileSync(`${policiesDir()}${name}.yml`, 'utf8');
}
