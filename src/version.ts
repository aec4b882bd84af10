/** This tool's version, from package.json (the CLI's `version`, the SBOMs' tool entry). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function toolVersion(): string {
  // Built: dist/src/version.js; under ts-jest: src/version.ts.
  const root = new URL(import.meta.url.includes('/dist/') ? '../../package.json' : '../package.json', import.meta.url);
  cached ??= (JSON.parse(readFileSync(root, 'utf8')) as { version: string }).version;
  return cached;
}
