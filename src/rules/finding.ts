/** How the rules word and place a finding about one dependency. Pure. */
import type { Dependency, Location } from '../deps/model.js';
import type { Finding, Severity } from '../findings.js';
import type { Action } from '../policy/types.js';
import { shortSha } from '../words.js';

const SEVERITY: Record<Exclude<Action, 'allow'>, Severity> = { fail: 'error', warn: 'warning' };

export function severityOf(action: Action): Severity | undefined {
  return action === 'allow' ? undefined : SEVERITY[action];
}

/**
 * `name@version`, the SHA shortened and its tag beside it (`actions/checkout@11bd719 (v4.2.2)`),
 * `name@requirement` when unresolved, the bare name when nothing names a version.
 */
export function labelOf(dependency: Dependency): string {
  const version = versionText(dependency);
  return version === undefined ? dependency.name : `${dependency.name}@${version}`;
}

export function versionText(dependency: Dependency): string | undefined {
  if (dependency.version === undefined) return dependency.requirement;
  const ref = shortSha(dependency.version);
  return dependency.tag !== undefined ? `${ref} (${dependency.tag})` : ref;
}

/** Where a finding about this dependency points: its declaration if direct, else its lockfile entry. */
export function dependencyLocations(dependency: Dependency): Location[] {
  // No spread: this runs for every finding.
  const entry: Location = dependency.line !== undefined ? { path: dependency.manifest, line: dependency.line } : { path: dependency.manifest };
  return dependency.declaredAt ? [dependency.declaredAt, entry] : [entry];
}

/**
 * A finding about one dependency. Built as one literal (no spreads): a big lockfile with no
 * recorded licenses yields thousands of these, and this is the judge's hot path.
 */
export function dependencyFinding(dependency: Dependency, license: string | undefined, rule: Finding['rule'], severity: Severity, message: string, help: string): Finding {
  const locations = dependencyLocations(dependency);
  const primary = locations[0] as Location;
  // Absent fields stay undefined (JSON output omits them).
  return {
    rule,
    severity,
    message,
    purl: dependency.purl,
    path: primary.path,
    line: primary.line,
    help,
    name: dependency.name,
    ecosystem: dependency.ecosystem,
    version: dependency.version,
    license,
    locations,
  };
}
