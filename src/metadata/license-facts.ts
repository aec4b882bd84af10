import type { PackageFacts } from '../facts/types.js';

/** A source's license answer as facts: none when it records no license. */
export function licenseFacts(license: string | null, source: string): PackageFacts {
  return license === null ? {} : { license: { value: license, source } };
}
