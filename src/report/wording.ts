/** Wording the reporters share: versions (SHAs shortened, tags beside them), licenses (declared text beside the SPDX reading), dependency chains, text made printable. Pure. */
import { parsePurl } from '../deps/purl.js';
import type { ChangeRecord } from '../evaluation/report.js';
import type { Finding } from '../findings.js';
import { shortSha } from '../words.js';

function ref(version: string, tag: string | undefined): string {
  const text = shortSha(version);
  return tag !== undefined ? `${text} (${tag})` : text;
}

/**
 * `1.0.0 → 1.1.0`; a SHA shortened with its tag (`11bd719 (v4.2.2)`); an unresolved version as
 * its requirement (`* (unresolved) → 2.6.4`). `side` asks for one side only (the markdown table has From and To columns).
 */
export function versions(change: ChangeRecord, side?: 'from' | 'to'): string {
  const from = change.from !== undefined ? ref(change.from, change.fromTag) : undefined;
  const to = change.to !== undefined ? ref(change.to, change.toTag) : undefined;
  const unresolved = change.requirement !== undefined ? `${change.requirement} (unresolved)` : 'unresolved';
  // An upgrade off an unresolved base (`"version": "*"`): its requirement stands where the version would.
  const before = from ?? (change.previousRequirement !== undefined ? `${change.previousRequirement} (unresolved)` : undefined);
  if (side === 'from') return before ?? (change.change === 'removed' ? unresolved : '');
  if (side === 'to') return to ?? (change.change === 'removed' ? '' : unresolved);
  if (before !== undefined && to !== undefined) return `${before} → ${to}`;
  return to ?? before ?? unresolved;
}

/** `MIT`, `MIT → BUSL-1.1`, `Apache-2.0 (declared "Apache 2.0")`, `not checked` when no lookup was made. */
export function licenses(change: ChangeRecord): string {
  const shown = (license: string | undefined, declared: string | undefined) => (license !== undefined && declared !== undefined ? `${license} (declared "${declared}")` : license);
  const now = shown(change.license, change.declaredLicense);
  const before = shown(change.previousLicense, change.previousDeclaredLicense);
  if (before !== undefined && now !== undefined && change.licenseChanged) return `${before} → ${now}`;
  if (now !== undefined) return now;
  if (change.change === 'removed') return before ?? '';
  return change.licenseUnchecked !== undefined ? 'not checked' : 'license unknown';
}

/** `react-scripts@5.0.1 → webpack@5.88.2 → terser@5.19.0`: a chain of purls as names@versions. */
export function chainLabel(chain: readonly string[]): string {
  return chain.map(purlLabel).join(' → ');
}

/** `pkg:npm/%40babel/core@7.24.0` -> `@babel/core@7.24.0` (a purl that does not parse is shown as it is). */
export function purlLabel(purl: string): string {
  const parts = parsePurl(purl);
  if (!parts) return purl;
  const name = parts.namespace !== undefined ? `${parts.namespace}/${parts.name}` : parts.name;
  return parts.version !== undefined ? `${name}@${parts.version}` : name;
}

/**
 * `introduced by: react-scripts@5.0.1 → webpack@5.88.2 → terser@5.19.0` for a finding about a
 * transitive dependency, `introduced by: not recorded in Pipfile.lock` when its file records no
 * chain; undefined for any other finding (a direct dependency, a file, the policy).
 */
export function introductionText(finding: Finding): string | undefined {
  const how = introduction(finding);
  return how === undefined ? undefined : `introduced by: ${how}`;
}

/** What `introductionText` says after `introduced by: `. */
export function introduction(finding: Finding): string | undefined {
  if (finding.introducedBy && finding.introducedBy.length > 0) return chainLabel(finding.introducedBy);
  if (finding.introductionNotRecordedIn !== undefined) return `not recorded in ${finding.introductionNotRecordedIn}`;
  return undefined;
}

/**
 * Text from the files (paths, names, messages quoting them) made safe for one terminal line:
 * control characters, ESC included, are written as escapes, so a folder named `a\nb` or a name
 * carrying ANSI codes can neither fake report lines nor drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default: {
        const code = char.charCodeAt(0);
        return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
      }
    }
  });
}

