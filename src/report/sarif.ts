/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: every result has a location (the upload is
 * rejected otherwise), every rule has its descriptions and help, and results carry fingerprints
 * so a re-upload updates alerts instead of duplicating them. Pure.
 */
import { createHash } from 'node:crypto';
import { purlWithoutVersion } from '../deps/purl.js';
import type { Location } from '../deps/model.js';
import type { Report } from '../evaluation/report.js';
import type { Finding, Severity } from '../findings.js';
import { POLICY_FILE } from '../policy/definition.js';
import { ruleDoc, ruleHelpUri, type RuleDoc } from './rule-docs.js';
import { chainLabel, introduction, introductionText, purlLabel } from './wording.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };
/** The partialFingerprints key; its version changes whenever the identity below does. */
export const FINGERPRINT_KEY = 'ospoGatekeeperFinding/v1';

export interface SarifContext {
  /** The repository's URI (a git remote is accepted: credentials and `.git` are dropped). */
  repositoryUri?: string;
  /** Where findings without a file point when the report has no manifest. */
  policyPath?: string;
}

export function formatSarif(report: Report, toolVersion: string, context: SarifContext = {}): string {
  const ruleIds = [...new Set(report.findings.map((finding) => finding.rule))].sort();
  const places = new Places(report, context.policyPath ?? POLICY_FILE);
  const fingerprints = new Fingerprints();
  const repositoryUri = context.repositoryUri === undefined ? undefined : repositoryUriFromRemote(context.repositoryUri);
  const securitySeverities = highestSecuritySeverities(report.findings);
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ospo-gatekeeper',
            version: toolVersion,
            informationUri: 'https://github.com/ospo-gatekeeper/ospo-gatekeeper',
            rules: ruleIds.map((id) => ruleDescriptor(ruleDoc(id), securitySeverities.get(id))),
          },
        },
        // The schema requires repositoryUri in every entry: without one there is no entry at all.
        ...(repositoryUri ? { versionControlProvenance: [{ repositoryUri, ...(report.head ? { revisionId: report.head } : {}) }] } : {}),
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIds.indexOf(finding.rule),
          level: LEVEL[finding.severity],
          ...places.of(finding),
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprints.next(finding) },
          ...resultProperties(finding),
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function ruleDescriptor(doc: RuleDoc, securitySeverity: number | undefined) {
  const helpUri = ruleHelpUri(doc.id);
  return {
    id: doc.id,
    name: doc.id.split(/[/-]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(''),
    shortDescription: { text: doc.short },
    fullDescription: { text: doc.full },
    help: {
      text: `${doc.full} How to fix: ${doc.help}`,
      markdown: `**${doc.short}**\n\n${doc.full}\n\n**How to fix:** ${doc.help}\n\n[Rule reference](${helpUri})`,
    },
    helpUri,
    ...(doc.level ? { defaultConfiguration: { level: LEVEL[doc.level] } } : {}),
    ...ruleProperties(doc, securitySeverity),
  };
}

function ruleProperties(doc: RuleDoc, securitySeverity: number | undefined) {
  const properties: { tags?: string[]; 'security-severity'?: string } = {};
  if (doc.tags.length > 0) properties.tags = [...doc.tags];
  if (securitySeverity !== undefined) properties['security-severity'] = securitySeverityText(securitySeverity);
  return Object.keys(properties).length > 0 ? { properties } : {};
}

/** GitHub ranks alerts by the rule's value only; each result's own score is kept for other readers. */
function resultProperties(finding: Finding) {
  const score = scoreOf(finding);
  return score !== undefined ? { properties: { 'security-severity': securitySeverityText(score) } } : {};
}

/**
 * The highest score per rule id over the run's findings: GitHub reads `security-severity` on the
 * rule, one value for all its alerts, so the rule stands at its worst result (a per-record rule id
 * would change the alerts' identity).
 */
function highestSecuritySeverities(findings: readonly Finding[]): Map<string, number> {
  const highest = new Map<string, number>();
  for (const finding of findings) {
    const score = scoreOf(finding);
    if (score === undefined) continue;
    highest.set(finding.rule, Math.max(highest.get(finding.rule) ?? score, score));
  }
  return highest;
}

function scoreOf(finding: Finding): number | undefined {
  const score = finding.securitySeverity;
  return score !== undefined && Number.isFinite(score) ? score : undefined;
}

/** `9.8`: a CVSS base score as GitHub wants it, a string with one decimal, clamped to 0..10. */
function securitySeverityText(score: number): string {
  return Math.min(10, Math.max(0, score)).toFixed(1);
}

/** The message, the chain that brings a transitive dependency in (its direct dependency linked to its related location `introducerId`), then the help. */
function messageText(finding: Finding, introducerId: number | undefined): string {
  const sentence = (text: string) => `${text}${/[.!?]$/.test(text) ? '' : '.'}`;
  const introduced = introductionSentence(finding, introducerId);
  if (!finding.help && introduced === undefined) return finding.message;
  return [sentence(finding.message), ...(introduced !== undefined ? [introduced] : []), ...(finding.help ? [finding.help] : [])].join(' ');
}

/** `Introduced by: [react-scripts@5.0.1](2) → webpack@5.88.2 → terser@5.19.0.`, `Introduced by: not recorded in Pipfile.lock.` */
function introductionSentence(finding: Finding, introducerId: number | undefined): string | undefined {
  const how = introduction(finding);
  if (how === undefined) return undefined;
  const [direct, ...rest] = finding.introducedBy ?? [];
  if (introducerId === undefined || direct === undefined || rest.length === 0) return `Introduced by: ${escapeBrackets(how)}.`;
  return `Introduced by: [${escapeBrackets(purlLabel(direct))}](${introducerId}) → ${escapeBrackets(chainLabel(rest))}.`;
}

/** SARIF reads `[text](id)` in a message as a link: literal brackets are escaped. */
function escapeBrackets(text: string): string {
  return text.replace(/[[\]]/g, (bracket) => `\\${bracket}`);
}

/**
 * Where each result is shown: the finding's own place, else the manifest of the package it names,
 * else (a finding about no file: licenses not checked, a source down) the first manifest, else
 * the policy file. GitHub rejects an upload with a result that has no location, and shows an
 * alert at the first location only: the finding's other places go in relatedLocations.
 */
class Places {
  private readonly manifestOf = new Map<string, Location>();
  private readonly fallback: Location;

  constructor(report: Report, policyPath: string) {
    for (const change of report.changes) {
      if (!this.manifestOf.has(change.purl)) this.manifestOf.set(change.purl, { path: change.manifest, ...(change.line !== undefined ? { line: change.line } : {}) });
    }
    this.fallback = { path: report.manifests[0]?.path ?? policyPath };
  }

  /** The result's message and locations: its own place first, its other places and (a transitive dependency) its direct dependency's declaration as related. */
  of(finding: Finding) {
    const own: Location | undefined = finding.path ? { path: finding.path, line: finding.line, column: finding.column } : undefined;
    const named = finding.purl === undefined ? undefined : this.manifestOf.get(finding.purl);
    // A finding on a file without a line (an unchecked license on a lockfile) takes the line its change record has there.
    const primary = (own && own.line === undefined && named?.path === own.path ? named : own) ?? named ?? this.fallback;
    const related: SarifRelated[] = (finding.locations ?? []).filter((location) => !samePlace(location, primary)).map((location, index) => ({ id: index + 1, ...sarifLocation(location) }));
    const introducer = finding.introducedAt && finding.introducedBy && !samePlace(finding.introducedAt, primary) ? finding.introducedAt : undefined;
    const introducerId = introducer ? related.length + 1 : undefined;
    if (introducer && introducerId !== undefined) related.push({ id: introducerId, ...sarifLocation(introducer), message: { text: introductionText(finding) ?? '' } });
    return {
      message: { text: messageText(finding, introducerId) },
      locations: [sarifLocation(primary)],
      ...(related.length > 0 ? { relatedLocations: related } : {}),
    };
  }
}

type SarifRelated = ReturnType<typeof sarifLocation> & { id: number; message?: { text: string } };

function samePlace(a: Location, b: Location): boolean {
  return a.path === b.path && a.line === b.line;
}

/**
 * A SARIF location: the file and its line, with the start column when the parser knows it. A
 * finding about the file as a whole is shown at line 1: GitHub's code scanning places a result
 * only with a `region.startLine` (sarif-sdk's GH1003). No endColumn: the report does not hold the
 * line's text, so whether the package name is written there verbatim can't be checked.
 */
function sarifLocation(location: Location) {
  const line = location.line !== undefined && location.line >= 1 ? location.line : 1;
  const column = location.line !== undefined && location.column !== undefined && location.column >= 1 ? { startColumn: location.column } : {};
  return { physicalLocation: { artifactLocation: { uri: pathUri(location.path) }, region: { startLine: line, ...column } } };
}

/**
 * A repository path as a relative URI reference: each segment percent-encoded (spaces, `#`, `?`,
 * `%`), keeping the characters a path segment may hold as they are, `:` excepted (in a first
 * segment it would read as a scheme).
 */
export function pathUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%(40|2B|24|26|2C|3B|3D)/g, (escaped) => decodeURIComponent(escaped)))
    .join('/');
}

/**
 * A git remote as an https repository URI, or undefined when it is not a network remote (a
 * local path). Credentials are dropped so a token in the remote never reaches an uploaded file.
 */
export function repositoryUriFromRemote(remote: string): string | undefined {
  const trimmed = remote.trim();
  const scpLike = /^(?:[^@/\s]+@)?([^:/\\\s]{2,}):(?!\/)(.+)$/.exec(trimmed); // git@github.com:owner/repo.git (not C:\repo)
  const candidate = scpLike ? `https://${scpLike[1]}/${scpLike[2]}` : trimmed;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol) || url.hostname === '') return undefined;
  const scheme = url.protocol === 'http:' ? 'http' : 'https';
  const path = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  // An ssh or git port says nothing about where the web server listens.
  const host = scheme === 'http' || url.protocol === 'https:' ? url.host : url.hostname;
  return `${scheme}://${host}${path}`;
}

/**
 * partialFingerprints: what makes two results, on two pushes, the same alert.
 * - About a package: rule + manifest + the package's purl without its version. An upgrade of a
 *   denied package to another denied version, or a line moved by an unrelated edit, stays the
 *   same alert; the same package in another manifest is another alert. The manifest is the
 *   lockfile entry's path (the last location), which stays put when a transitive dependency is
 *   also declared directly.
 * - About no package: rule + the finding's own path + its message with numbers masked, so a
 *   count or a position in the message (`53 licenses not checked`, `at line 12`) does not open
 *   a new alert on every push.
 * Identical identities within one run (the same action used twice in one workflow) get an
 * occurrence number in report order, so they stay distinct alerts.
 */
class Fingerprints {
  private readonly seen = new Map<string, number>();

  next(finding: Finding): string {
    const identity = findingIdentity(finding);
    const occurrence = (this.seen.get(identity) ?? 0) + 1;
    this.seen.set(identity, occurrence);
    return sha256(occurrence === 1 ? identity : `${identity}\n#${occurrence}`);
  }
}

/** The text the fingerprint hashes. */
function findingIdentity(finding: Finding): string {
  if (finding.purl !== undefined) {
    const manifest = finding.locations?.at(-1)?.path ?? finding.path ?? '';
    return [finding.rule, manifest, purlWithoutVersion(finding.purl)].join('\n');
  }
  return [finding.rule, finding.path ?? '', finding.message.replace(/\d+/g, '0')].join('\n');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
