/**
 * The package-intelligence sections of the policy (`vulnerabilities`, `malware`, `scorecard`,
 * `supply-chain`, `governance`): their defaults, their merge across layers, and the checks that
 * need two keys (possibly from two layers) at once. Pure.
 */
import { SEVERITY_THRESHOLDS, type PolicyFile } from './definition.js';
import type { Position } from './positions.js';
import type { Policy, PolicyError, SeverityThreshold, VulnerabilityIgnore } from './types.js';

export type PackageRules = Pick<Policy, 'vulnerabilities' | 'malware' | 'scorecard' | 'supplyChain' | 'governance'>;

type Data = Record<string, unknown>;

/** One layer of the merge as the cross-key checks see it: where it came from and where its keys are. */
export interface RuleLayer {
  data: Data;
  /** `preset:strict`, or the file's path. */
  label: string;
  /** The file errors are reported in. */
  path: string;
  /** `section.key` -> position of the key (document-checks.ts keyPositions). */
  positions: ReadonlyMap<string, Position>;
}

/**
 * What the package-intelligence sections require when no layer says otherwise: vulnerabilities
 * of high severity fail and the rest warn, malware fails, deprecated versions warn; Scorecard,
 * cooldown, install scripts and governance are judged only when a policy asks.
 */
export function packageRuleDefaults(): PackageRules {
  return {
    vulnerabilities: { failOn: 'high', warnOn: 'low', ignore: [] },
    malware: 'fail',
    scorecard: { checks: {} },
    supplyChain: { cooldownDays: 0, deprecated: 'warn', installScripts: 'allow' },
    governance: { singleVendor: 'allow' },
  };
}

/**
 * `rules` with one valid layer on top: a scalar the layer sets wins, `ignore` entries are added
 * after the earlier layers' (as exceptions are), `checks` merge by check name.
 */
export function mergePackageRules(rules: PackageRules, file: PolicyFile): PackageRules {
  const vulnerabilities = file.vulnerabilities ?? {};
  const scorecard = file.scorecard ?? {};
  const supplyChain = file['supply-chain'] ?? {};
  const warnBelow = scorecard['warn-below'] ?? rules.scorecard.warnBelow;
  const failBelow = scorecard['fail-below'] ?? rules.scorecard.failBelow;
  return {
    vulnerabilities: {
      failOn: vulnerabilities['fail-on'] ?? rules.vulnerabilities.failOn,
      warnOn: vulnerabilities['warn-on'] ?? rules.vulnerabilities.warnOn,
      ignore: [...rules.vulnerabilities.ignore, ...(vulnerabilities.ignore ?? []).map(ignoreEntry)],
    },
    malware: file.malware ?? rules.malware,
    scorecard: {
      ...(warnBelow !== undefined ? { warnBelow } : {}),
      ...(failBelow !== undefined ? { failBelow } : {}),
      checks: { ...rules.scorecard.checks, ...scorecard.checks },
    },
    supplyChain: {
      cooldownDays: supplyChain['cooldown-days'] ?? rules.supplyChain.cooldownDays,
      deprecated: supplyChain.deprecated ?? rules.supplyChain.deprecated,
      installScripts: supplyChain['install-scripts'] ?? rules.supplyChain.installScripts,
    },
    governance: { singleVendor: file.governance?.['single-vendor'] ?? rules.governance.singleVendor },
  };
}

/** The keys the cross-key checks point at, as `section.key`. */
const POSITIONED_KEYS = ['vulnerabilities.fail-on', 'vulnerabilities.warn-on', 'scorecard.warn-below', 'scorecard.fail-below'] as const;
type PositionedKey = (typeof POSITIONED_KEYS)[number];

/** How many records a threshold takes in: `none` nothing, `critical` the fewest, `any` every one. */
const REACH: Readonly<Record<SeverityThreshold, number>> = { none: 0, critical: 1, high: 2, medium: 3, low: 4, any: 5 };

/**
 * Pairs of keys that make no sense together once the layers are merged: a `warn-on` stricter
 * than `fail-on` (everything it would warn on already fails), a `fail-below` above `warn-below`
 * (every score that would warn already fails). Reported at the key set by the later layer.
 */
export function packageRuleConflicts(layers: readonly RuleLayer[]): PolicyError[] {
  const defaults = packageRuleDefaults();
  const settings = new Map<PositionedKey, Setting>([
    ['vulnerabilities.fail-on', { value: defaults.vulnerabilities.failOn, layer: -1 }],
    ['vulnerabilities.warn-on', { value: defaults.vulnerabilities.warnOn, layer: -1 }],
  ]);
  layers.forEach((layer, index) => {
    for (const dotted of POSITIONED_KEYS) {
      const [sectionName, key] = dotted.split('.') as [string, string];
      const value = section(layer.data, sectionName)[key];
      if (value !== undefined) settings.set(dotted, { value, layer: index });
    }
  });
  const errors: PolicyError[] = [];
  const failOn = settings.get('vulnerabilities.fail-on');
  const warnOn = settings.get('vulnerabilities.warn-on');
  const failOnLevel = severityOf(failOn?.value);
  const warnOnLevel = severityOf(warnOn?.value);
  if (failOn && warnOn && failOnLevel && warnOnLevel && warnOnLevel !== 'none' && REACH[warnOnLevel] < REACH[failOnLevel]) {
    const looser = SEVERITY_THRESHOLDS.filter((level) => level !== 'none' && REACH[level] >= REACH[failOnLevel]);
    const found = locate(layers, ['vulnerabilities.warn-on', warnOn], ['vulnerabilities.fail-on', failOn]);
    const said = `warn-on "${warnOnLevel}"${found.from(warnOn)} is stricter than fail-on "${failOnLevel}"${found.from(failOn)}`;
    errors.push({ ...found.error, message: `${found.key}: ${said}: every record it would warn on already fails; use a warn-on of ${alternatives(looser)} (or none for no warnings)` });
  }
  const warnBelow = settings.get('scorecard.warn-below');
  const failBelow = settings.get('scorecard.fail-below');
  const warnScore = numberOf(warnBelow?.value);
  const failScore = numberOf(failBelow?.value);
  if (warnBelow && failBelow && warnScore !== undefined && failScore !== undefined && failScore > warnScore) {
    const found = locate(layers, ['scorecard.fail-below', failBelow], ['scorecard.warn-below', warnBelow]);
    const said = `fail-below ${failScore}${found.from(failBelow)} is above warn-below ${warnScore}${found.from(warnBelow)}`;
    errors.push({ ...found.error, message: `${found.key}: ${said}: every score that would warn already fails; make fail-below at most warn-below` });
  }
  return errors;
}

/** A key's merged value and the layer that set it (-1: the engine's default). */
interface Setting {
  value: unknown;
  layer: number;
}

/**
 * Where to report a pair: at the key of the later layer (`first` when both come from one
 * layer); `from` names the source of the other key when it is another layer's.
 */
function locate(layers: readonly RuleLayer[], first: [PositionedKey, Setting], second: [PositionedKey, Setting]) {
  const [key, setting] = second[1].layer > first[1].layer ? second : first;
  const layer = layers[setting.layer];
  const from = (other: Setting): string => {
    if (other.layer === setting.layer) return '';
    return other.layer < 0 ? ' (the default)' : ` (from ${layers[other.layer]?.label ?? 'an earlier layer'})`;
  };
  // `layer` is always there: a key that no layer set keeps its default, and two defaults never conflict.
  const error = { path: layer?.path ?? '', ...layer?.positions.get(key) };
  return { key, error, from };
}

/** `a, b or c`. */
function alternatives(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function section(data: Data, key: string): Data {
  const value = data[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : {};
}

function severityOf(value: unknown): SeverityThreshold | undefined {
  return (SEVERITY_THRESHOLDS as readonly unknown[]).includes(value) ? (value as SeverityThreshold) : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function ignoreEntry(entry: NonNullable<NonNullable<PolicyFile['vulnerabilities']>['ignore']>[number]): VulnerabilityIgnore {
  return {
    id: entry.id,
    reason: entry.reason,
    ...(entry.until !== undefined ? { until: entry.until } : {}),
    ...(entry['approved-by'] !== undefined ? { approvedBy: entry['approved-by'] } : {}),
  };
}
