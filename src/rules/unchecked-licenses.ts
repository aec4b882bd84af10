/**
 * `license/unchecked`: packages whose license nobody could look up (offline, a source down, a
 * token missing). Work not done is never a pass: the finding is `incomplete`, so the conclusion
 * can't be `success`; and it is one finding per reason, not one per package. Pure.
 */
import type { Dependency } from '../deps/model.js';
import type { Finding } from '../findings.js';
import { plural, shortSha } from '../words.js';

/** Packages shown by name in the message; the rest are counted. */
const NAMED = 5;

export class UncheckedLicenses {
  private readonly byReason = new Map<string, Dependency[]>();

  add(dependency: Dependency, reason: string): void {
    const list = this.byReason.get(reason);
    if (list) list.push(dependency);
    else this.byReason.set(reason, [dependency]);
  }

  /** One line per reason, for the conclusion: `53 licenses not checked: offline`. */
  summaries(): string[] {
    return [...this.byReason].map(([reason, dependencies]) => `${plural(dependencies.length, 'license')} not checked: ${reason}`);
  }

  findings(): Finding[] {
    return [...this.byReason].map(([reason, dependencies]) => {
      const names = dependencies.slice(0, NAMED).map((dependency) => `${dependency.name}@${shortSha(dependency.version ?? '?')}`);
      const more = dependencies.length > NAMED ? `, and ${dependencies.length - NAMED} more` : '';
      const count = dependencies.length;
      return {
        rule: 'license/unchecked',
        severity: 'warning',
        message: `${plural(count, 'license')} not checked: ${reason} — ${names.join(', ')}${more}`,
        help: helpFor(reason),
        incomplete: true,
      };
    });
  }
}

function helpFor(reason: string): string {
  if (reason === 'offline') return 'Run the check online (without --offline / OSPO_OFFLINE) so these licenses are looked up.';
  if (reason.includes('GITHUB_TOKEN')) return 'Set GITHUB_TOKEN (any token that can read public repositories) so action licenses are read from GitHub.';
  return 'Re-run the check when the source is back, or point its variable at a reachable mirror.';
}

