/** Small reports for the SARIF tests (unit and schema). */
import type { ChangeRecord, Report } from '../../src/evaluation/report.js';
import type { Finding } from '../../src/findings.js';

export const HEAD = 'b'.repeat(40);

export function change(name: string, version: string, line: number, manifest = 'package-lock.json'): ChangeRecord {
  return { change: 'added', ecosystem: 'npm', manifest, name, purl: `pkg:npm/${name}@${version}`, to: version, scope: 'runtime', direct: true, line };
}

export function report(findings: Finding[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    conclusion: findings.some((finding) => finding.severity === 'error') ? 'failure' : 'success',
    base: 'a'.repeat(40),
    head: HEAD,
    manifests: [{ path: 'package-lock.json', ecosystem: 'npm', packages: 3 }],
    changes: [],
    findings,
    ...overrides,
  };
}

/** A license/denied finding on a direct dependency: declared in package.json, entry in the lockfile. */
export function deniedLicense(name: string, version: string, lockLine: number, declaredLine = 5): Finding {
  return {
    rule: 'license/denied',
    severity: 'error',
    message: `${name}@${version} is licensed GPL-3.0-only, which the policy denies`,
    help: `Use an alternative under an allowed license, or add an exception for pkg:npm/${name}@${version} with a reason.`,
    purl: `pkg:npm/${name}@${version}`,
    name,
    ecosystem: 'npm',
    version,
    license: 'GPL-3.0-only',
    path: 'package.json',
    line: declaredLine,
    locations: [
      { path: 'package.json', line: declaredLine },
      { path: 'package-lock.json', line: lockLine },
    ],
  };
}

export const uncheckedLicenses = (count: number): Finding => ({
  rule: 'license/unchecked',
  severity: 'warning',
  message: `${count} licenses not checked: offline — a@1.0.0`,
  help: 'Run the check online.',
  incomplete: true,
});

/** One finding of every rule the engine emits, with and without paths. */
export function everyRule(): Finding[] {
  return [
    deniedLicense('gpl-lib', '2.0.0', 16),
    { rule: 'license/unknown', severity: 'warning', message: 'mystery@1.0.0 has no license we can identify', purl: 'pkg:npm/mystery@1.0.0' },
    { rule: 'license/changed', severity: 'warning', message: 'x changed its license from MIT to BUSL-1.1', purl: 'pkg:npm/x@2.0.0', path: 'package-lock.json', line: 30 },
    uncheckedLicenses(53),
    { rule: 'package/denied', severity: 'error', message: 'event-stream@3.3.6 is denied by policy: compromised release', purl: 'pkg:npm/event-stream@3.3.6', path: 'package-lock.json', line: 40, column: 5 },
    { rule: 'actions/unpinned', severity: 'error', message: 'actions/checkout@v4 is not pinned to a commit SHA', purl: 'pkg:github/actions/checkout@v4', path: '.github/workflows/ci.yml', line: 12, column: 15 },
    { rule: 'exception/expired', severity: 'warning', message: 'the exception for old@1.0.0 expired on 2024-01-01 (legal)', purl: 'pkg:npm/old@1.0.0', path: 'package-lock.json', line: 50 },
    { rule: 'manifest/unparsable', severity: 'error', message: 'yarn.lock could not be read: bad indentation', path: 'apps/web app/yarn.lock', line: 3, column: 1 },
    { rule: 'metadata/unavailable', severity: 'warning', message: 'deps.dev unreachable (ETIMEDOUT): 12 packages not looked up there', incomplete: true },
    { rule: 'policy/invalid', severity: 'error', message: 'mode: expected one of enforce | warn, got "strict"', path: '.github/ospo-gatekeeper.yml', line: 4, column: 7 },
    { rule: 'settings/not-yet', severity: 'notice', message: 'a rule without a doc yet', purl: 'pkg:npm/a@1.0.0' },
  ];
}

/** A `vulnerability` finding on a transitive dependency's lockfile entry, with its CVSS score when it has one. */
export function vulnerable(name: string, version: string, line: number, id: string, score?: number): Finding {
  return {
    rule: 'vulnerability',
    severity: 'error',
    message: `${name}@${version} is affected by ${id}`,
    help: `Move ${name} to a fixed version.`,
    purl: `pkg:npm/${name}@${version}`,
    name,
    ecosystem: 'npm',
    version,
    path: 'package-lock.json',
    line,
    locations: [{ path: 'package-lock.json', line }],
    ...(score !== undefined ? { securitySeverity: score } : {}),
  };
}

/** A `package/install-script` warning on terser, brought in by react-scripts (declared in package.json line 8) through webpack. */
export function transitiveFinding(): Finding {
  return {
    rule: 'package/install-script',
    severity: 'warning',
    message: 'terser@5.19.0 runs a script when it is installed',
    purl: 'pkg:npm/terser@5.19.0',
    name: 'terser',
    ecosystem: 'npm',
    version: '5.19.0',
    path: 'package-lock.json',
    line: 120,
    locations: [{ path: 'package-lock.json', line: 120 }],
    introducedBy: ['pkg:npm/react-scripts@5.0.1', 'pkg:npm/webpack@5.88.2', 'pkg:npm/terser@5.19.0'],
    introducedAt: { path: 'package.json', line: 8, column: 5 },
  };
}
