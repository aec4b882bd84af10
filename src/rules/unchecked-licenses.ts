/**
 * `license/unchecked`: packages whose license nobody could look up (offline, a source down, a
 * token missing). Work not done is never a pass: the finding is `incomplete`, so the conclusion
 * can't be `success`; and it is one finding per reason, not one per package. Pure.
 */
import type { Dependency } from '../ecosystems/types.js';
import type { Finding } from '../findings.js';

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
    return [...this.byReason].map(([reason, dependencies]) => `${dependencies.length} license${dependencies.length === 1 ? '' : 's'} not checked: ${reason}`);
  }

  findings(): Finding[] {
    return [...this.byReason].map(([reason, dependencies]) => {
      const names = dependencies.slice(0, NAMED).map((dependency) => `${dependency.name}@${shortRef(dependency.version ?? '?')}`);
      const more = dependencies.length > NAMED ? `, and ${dependencies.length - NAMED} more` : '';
      const count = dependencies.length;
      return {
        rule: 'license/unchecked',
        severity: 'warning',
        message: `${count} license${count === 1 ? '' : 's'} not checked: ${reason} — ${names.join(', ')}${more}`,
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

/** A commit SHA in a message is shown as its first 7 characters. */
export function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}
