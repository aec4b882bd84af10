/**
 * `overrides.locked` in the organization's file: keys a repository file may tighten but never
 * loosen. After the merge, each locked key of the merged policy is compared with the policy of
 * the organization's layers alone; where the repository's layers made it looser, the org value
 * stands and the attempt is an error naming the key and both files' lines. Pure.
 */
import type { Position } from './positions.js';
import type { Action, Policy, PolicyError, SeverityThreshold } from './types.js';

/** The keys a lock can name, as `section.key` (or a whole top-level key). */
export const LOCKABLE_KEYS = [
  'mode',
  'licenses.allow',
  'licenses.deny',
  'licenses.unknown',
  'licenses.changed',
  'licenses.scopes',
  'licenses.direct-only',
  'packages.deny',
  'actions.pin',
  'exceptions',
  'paths',
  'vulnerabilities.fail-on',
  'vulnerabilities.warn-on',
  'vulnerabilities.ignore',
  'malware',
  'scorecard.warn-below',
  'scorecard.fail-below',
  'scorecard.checks',
  'supply-chain.cooldown-days',
  'supply-chain.deprecated',
  'supply-chain.install-scripts',
  'governance.single-vendor',
] as const;

export type LockableKey = (typeof LOCKABLE_KEYS)[number];


/** Where a layer of the merge is and where its keys are written. */
export interface LockLayer {
  /** The file errors are reported in, as named in messages. */
  path: string;
  /** Line/column of each key the layer writes, as `section.key` and top-level `key`. */
  positions: ReadonlyMap<string, Position>;
}

/**
 * How each locked key reads in a policy, and whether `merged` is looser than `org` there. Each
 * entry also puts the org value back (the org value stands).
 */
interface Lock {
  looser(merged: Policy, org: Policy): boolean;
  /** The key's value as a person reads it, for the message. */
  show(policy: Policy): string;
  restore(merged: Policy, org: Policy): void;
}

const ACTION_RANK: Record<Action, number> = { allow: 0, warn: 1, fail: 2 };
/** How many records a threshold takes in: the more, the stricter. */
const REACH: Record<SeverityThreshold, number> = { none: 0, critical: 1, high: 2, medium: 3, low: 4, any: 5 };
const PIN_RANK = { any: 0, tag: 1, sha: 2 } as const;

const missingFrom = (wanted: readonly string[], given: readonly string[]) => wanted.some((item) => !given.includes(item));
const listed = (items: readonly string[] | undefined) => (items === undefined ? 'anything' : `[${items.join(', ')}]`);
const belowOrOff = (merged: number | undefined, org: number | undefined) => org !== undefined && org > 0 && (merged === undefined || merged < org);

/** A value on a scale (`rank`: higher is stricter) that `read` finds in a policy and `write` puts back. */
function ranked<V extends string>(rank: Readonly<Record<V, number>>, read: (policy: Policy) => V, write: (policy: Policy, value: V) => void): Lock {
  return {
    looser: (merged, org) => rank[read(merged)] < rank[read(org)],
    show: read,
    restore: (merged, org) => write(merged, read(org)),
  };
}

const licenseAction = (key: 'unknown' | 'changed') => ranked(ACTION_RANK, (policy) => policy.licenses[key], (policy, value) => void (policy.licenses[key] = value));
const supplyChainAction = (key: 'deprecated' | 'installScripts') => ranked(ACTION_RANK, (policy) => policy.supplyChain[key], (policy, value) => void (policy.supplyChain[key] = value));
const threshold = (key: 'failOn' | 'warnOn') => ranked(REACH, (policy) => policy.vulnerabilities[key], (policy, value) => void (policy.vulnerabilities[key] = value));

function score<K extends 'warnBelow' | 'failBelow'>(key: K): Lock {
  return {
    looser: (merged, org) => belowOrOff(merged.scorecard[key], org.scorecard[key]),
    show: (policy) => (policy.scorecard[key] === undefined ? 'off' : String(policy.scorecard[key])),
    restore: (merged, org) => {
      const value = org.scorecard[key];
      if (value === undefined) delete merged.scorecard[key];
      else merged.scorecard[key] = value;
    },
  };
}

/** A list the repository may only add to (more entries let more through: exceptions, ignores, paths). */
function onlyTheOrgs<T>(read: (policy: Policy) => T[], write: (policy: Policy, items: T[]) => void, noun: string): Lock {
  return {
    looser: (merged, org) => read(merged).length > read(org).length,
    show: (policy) => `${read(policy).length} ${noun}`,
    restore: (merged, org) => write(merged, [...read(org)]),
  };
}

const LOCKS: Record<LockableKey, Lock> = {
  mode: ranked({ warn: 0, enforce: 1 }, (policy) => policy.mode, (policy, value) => void (policy.mode = value)),
  'licenses.allow': {
    looser: (merged, org) => org.licenses.allow !== undefined && (merged.licenses.allow === undefined || missingFrom(merged.licenses.allow, org.licenses.allow)),
    show: (policy) => listed(policy.licenses.allow),
    restore: (merged, org) => {
      if (org.licenses.allow === undefined) delete merged.licenses.allow;
      else merged.licenses.allow = [...org.licenses.allow];
    },
  },
  'licenses.deny': {
    looser: (merged, org) => org.licenses.deny !== undefined && (merged.licenses.deny === undefined || missingFrom(org.licenses.deny, merged.licenses.deny)),
    show: (policy) => listed(policy.licenses.deny ?? []),
    restore: (merged, org) => void (merged.licenses.deny = [...new Set([...(org.licenses.deny ?? []), ...(merged.licenses.deny ?? [])])]),
  },
  'licenses.unknown': licenseAction('unknown'),
  'licenses.changed': licenseAction('changed'),
  'licenses.scopes': {
    looser: (merged, org) => missingFrom(org.licenses.scopes, merged.licenses.scopes),
    show: (policy) => listed(policy.licenses.scopes),
    restore: (merged, org) => void (merged.licenses.scopes = [...new Set([...org.licenses.scopes, ...merged.licenses.scopes])]),
  },
  'licenses.direct-only': {
    looser: (merged, org) => merged.licenses.directOnly && !org.licenses.directOnly,
    show: (policy) => String(policy.licenses.directOnly),
    restore: (merged, org) => void (merged.licenses.directOnly = org.licenses.directOnly),
  },
  'packages.deny': {
    looser: (merged, org) => missingFrom(purls(org), purls(merged)),
    show: (policy) => `${policy.packages.deny.length} denied packages`,
    restore: (merged, org) => void (merged.packages.deny = [...org.packages.deny, ...merged.packages.deny.filter((entry) => !purls(org).includes(entry.purl))]),
  },
  'actions.pin': ranked(PIN_RANK, (policy) => policy.actions.pin, (policy, value) => void (policy.actions = { pin: value })),
  exceptions: onlyTheOrgs((policy) => policy.exceptions, (policy, items) => void (policy.exceptions = items), 'exceptions'),
  paths: onlyTheOrgs((policy) => policy.paths, (policy, items) => void (policy.paths = items), 'paths entries'),
  'vulnerabilities.fail-on': threshold('failOn'),
  'vulnerabilities.warn-on': threshold('warnOn'),
  'vulnerabilities.ignore': onlyTheOrgs((policy) => policy.vulnerabilities.ignore, (policy, items) => void (policy.vulnerabilities.ignore = items), 'ignored vulnerabilities'),
  malware: ranked({ warn: 0, fail: 1 }, (policy) => policy.malware, (policy, value) => void (policy.malware = value)),
  'scorecard.warn-below': score('warnBelow'),
  'scorecard.fail-below': score('failBelow'),
  'scorecard.checks': {
    looser: (merged, org) => Object.entries(org.scorecard.checks).some(([check, minimum]) => belowOrOff(merged.scorecard.checks[check], minimum)),
    show: (policy) => JSON.stringify(policy.scorecard.checks),
    restore: (merged, org) => void (merged.scorecard.checks = { ...merged.scorecard.checks, ...org.scorecard.checks }),
  },
  'supply-chain.cooldown-days': {
    looser: (merged, org) => merged.supplyChain.cooldownDays < org.supplyChain.cooldownDays,
    show: (policy) => String(policy.supplyChain.cooldownDays),
    restore: (merged, org) => void (merged.supplyChain.cooldownDays = org.supplyChain.cooldownDays),
  },
  'supply-chain.deprecated': supplyChainAction('deprecated'),
  'supply-chain.install-scripts': supplyChainAction('installScripts'),
  'governance.single-vendor': ranked(ACTION_RANK, (policy) => policy.governance.singleVendor, (policy, value) => void (policy.governance = { singleVendor: value })),
};

function purls(policy: Policy): string[] {
  return policy.packages.deny.map((entry) => entry.purl);
}

/**
 * The locked keys the repository's layers loosened, each put back to the org value in `merged`
 * (in place), and one error per key at the repository file's line, naming the org file's line.
 * `org` is the policy of the organization's layers alone; `lockedAt` where the org file locks them.
 */
export function enforceLocks(merged: Policy, org: Policy, locked: readonly LockableKey[], repo: LockLayer, orgFile: LockLayer): PolicyError[] {
  const errors: PolicyError[] = [];
  for (const key of locked) {
    const lock = LOCKS[key];
    if (!lock.looser(merged, org)) continue;
    const attempted = lock.show(merged);
    lock.restore(merged, org);
    const at = repo.positions.get(key) ?? repo.positions.get(key.split('.')[0] as string);
    const orgLine = orgFile.positions.get(`overrides.locked.${key}`) ?? orgFile.positions.get(key);
    const where = orgLine ? `${orgFile.path}:${orgLine.line}` : orgFile.path;
    errors.push({
      path: repo.path,
      ...(at ?? {}),
      message: `${key}: locked by the organization policy (${where}) at ${lock.show(org)}; this file makes it ${attempted}, which is looser: the organization's value stands`,
    });
  }
  return errors;
}
