/**
 * The candidates for each format's parse floor (the fastest maintained parser of its bytes): the
 * floor section measures every candidate of a format on the same text and takes the fastest one
 * that reads it. Line formats have no parser worth the name: their honest floor is splitting the
 * text into lines and each line into tokens, with no meaning given to them.
 */
import { parse as parseIarnaToml } from '@iarna/toml';
import yarnLockfile from '@yarnpkg/lockfile';
import { parseSyml } from '@yarnpkg/parsers';
import { XMLParser } from 'fast-xml-parser';
import { load as loadJsYaml } from 'js-yaml';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseSmolToml } from 'smol-toml';
import { parse as parseYamlLibrary } from 'yaml';

export interface FloorCandidate {
  name: string;
  parse: (text: string) => unknown;
}

const jsonParse: FloorCandidate = { name: 'JSON.parse', parse: (text) => JSON.parse(text) };
const jsYaml: FloorCandidate = { name: 'js-yaml load', parse: (text) => loadJsYaml(text) };
const yamlLibrary: FloorCandidate = { name: 'yaml parse', parse: (text) => parseYamlLibrary(text) };
const syml: FloorCandidate = { name: '@yarnpkg/parsers parseSyml', parse: (text) => parseSyml(text) };
const classicLockfile: FloorCandidate = {
  name: '@yarnpkg/lockfile parse',
  parse: (text) => {
    const result = yarnLockfile.parse(text);
    if (result.type !== 'success') throw new Error(`@yarnpkg/lockfile: ${result.type}`);
    return result.object;
  },
};
const smolToml: FloorCandidate = { name: 'smol-toml parse', parse: (text) => parseSmolToml(text) };
const iarnaToml: FloorCandidate = { name: '@iarna/toml parse', parse: (text) => parseIarnaToml(text) };
const fastXml: FloorCandidate = { name: 'fast-xml-parser XMLParser', parse: (text) => new XMLParser().parse(text) };
const jsonc: FloorCandidate = {
  name: 'jsonc-parser parse',
  parse: (text) => {
    const errors: ParseError[] = [];
    const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
    if (errors.length > 0) throw new Error(`jsonc-parser: ${errors.length} syntax errors`);
    return value;
  },
};

/** Lines, trimmed, blank and comment lines left out, each split by `separator`. */
export function tokenizeLines(text: string, separator: RegExp): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    rows.push(trimmed.split(separator));
  }
  return rows;
}

const lines = (separator: RegExp): FloorCandidate => ({ name: `split lines + tokenize (${String(separator)})`, parse: (text) => tokenizeLines(text, separator) });

/** By format id (bench/generate/index.ts FORMATS): every id there has an entry. */
export const FLOOR_CANDIDATES: Readonly<Record<string, readonly FloorCandidate[]>> = {
  'npm-v1': [jsonParse],
  'npm-v3': [jsonParse],
  'pnpm-v6': [jsYaml, yamlLibrary],
  'pnpm-v9': [jsYaml, yamlLibrary],
  'yarn-classic': [classicLockfile, syml],
  'yarn-berry': [syml, jsYaml],
  // bun.lock is JSONC (trailing commas): JSON.parse is tried, and says so when it cannot.
  bun: [jsonParse, jsonc],
  'go-mod': [lines(/\s+/)],
  composer: [jsonParse],
  'gemfile-lock': [lines(/[\s()]+/)],
  'maven-pom': [fastXml],
  'gradle-lockfile': [lines(/[:=]/)],
  nuget: [jsonParse],
  'actions-workflow': [jsYaml, yamlLibrary],
  'requirements-txt': [lines(/==|\s+/)],
  poetry: [smolToml, iarnaToml],
  pipenv: [jsonParse],
  uv: [smolToml, iarnaToml],
  cargo: [smolToml, iarnaToml],
};
