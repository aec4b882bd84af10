/**
 * `exception/expiring` and `exception/unused`: what the judge learns about the policy's
 * exceptions over a whole evaluation, said once per exception, not once per change. Pure.
 *
 * Expiring: an exception that applied to a change here and whose `expires` is at most
 * EXPIRING_DAYS ahead of today (inclusive). Unused: an exception whose package matches no
 * dependency at the head of the evaluated manifests — said only when the evaluation covers the
 * whole tree (`check --base empty`, a first commit): a pull request evaluates only the projects
 * it touches, so an exception for a package of another project matches nothing there and is not
 * unused. An `id` exception counts as used when its package is in the tree: whether the unchanged
 * package still has that record is not looked up.
 */
import type { Dependency } from '../deps/model.js';
import type { Finding } from '../findings.js';
import { daysFrom, dependencyIdentity, packageMatches, patternIdentity } from '../policy/match.js';
import type { PolicyException } from '../policy/types.js';
import { plural } from '../words.js';
import { labelOf } from './finding.js';

/** An exception expiring this many days from today, or fewer, is announced. */
export const EXPIRING_DAYS = 30;
/** Packages named in a notice; the rest are counted. */
const NAMED = 5;

/** The head dependencies of one evaluated manifest (the Report's inventory). */
export interface InventoryManifest {
  dependencies: readonly Dependency[];
}

export class ExceptionUse {
  /** Every exception a change matched by package (active or expired). */
  private readonly seen = new Set<PolicyException>();
  /** Days left, for the active exceptions that expire soon (worked out once, not per change). */
  private readonly daysLeft = new Map<PolicyException, number>();
  /** Which dependencies each soon-expiring exception covered here. */
  private readonly covered = new Map<PolicyException, Set<Dependency>>();

  constructor(
    private readonly exceptions: readonly PolicyException[],
    today: string,
  ) {
    for (const exception of exceptions) {
      if (exception.expires === undefined) continue;
      const days = daysFrom(today, exception.expires);
      if (days >= 0 && days <= EXPIRING_DAYS) this.daysLeft.set(exception, days);
    }
  }

  /** A change matched `exception`; `active` when it applied (not expired). */
  note(exception: PolicyException, dependency: Dependency, active: boolean): void {
    this.seen.add(exception);
    if (!active || !this.daysLeft.has(exception)) return;
    const covered = this.covered.get(exception);
    if (covered) covered.add(dependency);
    else this.covered.set(exception, new Set([dependency]));
  }

  /** One notice per exception that applied here and expires soon, in policy order. */
  expiringFindings(): Finding[] {
    const findings: Finding[] = [];
    for (const exception of this.exceptions) {
      const dependencies = this.covered.get(exception);
      const days = this.daysLeft.get(exception);
      if (!dependencies || days === undefined) continue;
      const when = days === 0 ? 'today is its last day' : `${plural(days, 'day')} left`;
      const message = `the exception for ${exception.package}${scopeText(exception)} expires on ${exception.expires} (${when}; ${exception.reason}${sourceText(exception)}): it covers ${named([...dependencies])}`;
      const approver = exception.approvedBy !== undefined ? ` (${exception.approvedBy} approved it)` : '';
      const help = `Renew it with a later expires date if it is still approved${approver}, or move off the package before then: after that day it no longer applies.`;
      findings.push({ rule: 'exception/expiring', severity: 'notice', message, help });
    }
    return findings;
  }

  /**
   * One notice per exception whose package matches no dependency of `inventory` (the whole
   * tree's head) and that no change matched. One pass over the inventory, and only when some
   * exception is still unmatched.
   */
  unusedFindings(inventory: readonly InventoryManifest[], ignoredPaths: boolean): Finding[] {
    const byIdentity = new Map<string, PolicyException[]>();
    for (const exception of this.exceptions) {
      if (this.seen.has(exception)) continue;
      const identity = patternIdentity(exception.package);
      const list = byIdentity.get(identity);
      if (list) list.push(exception);
      else byIdentity.set(identity, [exception]);
    }
    if (byIdentity.size === 0) return [];
    const matched = new Set<PolicyException>();
    for (const manifest of inventory) {
      for (const dependency of manifest.dependencies) {
        const candidates = byIdentity.get(dependencyIdentity(dependency));
        if (!candidates) continue;
        for (const exception of candidates) if (packageMatches(exception.package, dependency)) matched.add(exception);
      }
    }
    const evaluated = `${plural(inventory.length, 'manifest')} evaluated${ignoredPaths ? ', the paths the policy ignores left out' : ''}`;
    return [...byIdentity.values()].flat().filter((exception) => !matched.has(exception)).map((exception): Finding => ({
      rule: 'exception/unused',
      severity: 'notice',
      message: `the exception for ${exception.package}${scopeText(exception)} (${exception.reason}${sourceText(exception)}) matches no package in the whole tree (${evaluated})`,
      help: 'Remove the exception if the package is gone, or correct its package URL or version range: an exception that matches nothing lets nothing through, and a later package could match it unreviewed.',
    }));
  }
}

function scopeText(exception: PolicyException): string {
  if (exception.id !== undefined) return ` and ${exception.id}`;
  return exception.license !== undefined ? ` under ${exception.license}` : '';
}

function sourceText(exception: PolicyException): string {
  return exception.source !== undefined ? `; in ${exception.source}` : '';
}

function named(dependencies: readonly Dependency[]): string {
  const names = dependencies.slice(0, NAMED).map((dependency) => `${labelOf(dependency)} (${dependency.manifest})`);
  const more = dependencies.length > NAMED ? `, and ${dependencies.length - NAMED} more` : '';
  return `${names.join(', ')}${more}`;
}
