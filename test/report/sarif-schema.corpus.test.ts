/**
 * The SARIF we write validates against the official SARIF 2.1.0 schema (../shared/schemas, beside
 * the repository; see its README.md for where it comes from).
 *
 * The schema is draft-04 and Ajv 8 speaks draft-06 and later. Of draft-04's differences only one
 * occurs in this schema: the root's `id` (draft-06 calls it `$id`); it has no boolean
 * exclusiveMinimum/Maximum and every `$ref` is local. So the copy in memory gets `$id` and loses
 * its `$schema`, and Ajv validates with the default draft-07 meta-schema. Strict mode stays on
 * except `strictRequired`: the schema's `anyOf` branches require properties defined beside them
 * (`required: ["index"]` next to `properties`), which is valid JSON Schema that strictRequired
 * refuses, not a problem of our output. Formats (uri, uri-reference, date-time) come from
 * ajv-formats.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Report } from '../../src/evaluation/report.js';
import { formatSarif } from '../../src/report/sarif.js';
import { change, deniedLicense, everyRule, report, transitiveFinding, uncheckedLicenses, vulnerable } from './sarif-fixtures.js';

const SCHEMA_PATH = new URL('../../../shared/schemas/sarif-2.1.0.schema.json', import.meta.url);

function sarifValidator(): ValidateFunction {
  const { $schema, id, ...rest } = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  expect([$schema, typeof id]).toEqual(['http://json-schema.org/draft-04/schema#', 'string']); // the conversion above assumes it
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
  ajvFormats.default(ajv); // a CommonJS module: its plugin is module.exports and, typed, .default
  return ajv.compile({ $id: id as string, ...rest });
}

describe('SARIF output against the official SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();
  const errorsOf = (input: Report, context?: Parameters<typeof formatSarif>[2]) => {
    const valid = validate(JSON.parse(formatSarif(input, '0.4.0', context)));
    return valid ? [] : validate.errors;
  };

  it('rejects what GitHub rejected before: provenance without a repository URI', () => {
    // Proves the validator bites: the shape this reporter wrote before it was fixed.
    const old = JSON.parse(formatSarif(report([]), '0.4.0')) as { runs: Record<string, unknown>[] };
    (old.runs[0] as Record<string, unknown>).versionControlProvenance = [{ revisionId: 'b'.repeat(40) }];
    expect(validate(old)).toBe(false);
    expect(validate.errors?.map((error) => error.message)).toContain("must have required property 'repositoryUri'");
  });

  it('accepts a report with a finding of every rule, with and without paths', () => {
    const input = report(everyRule(), { changes: [change('mystery', '1.0.0', 22), change('a', '1.0.0', 8)] });
    expect(errorsOf(input)).toEqual([]);
    expect(errorsOf(input, { repositoryUri: 'git@github.com:acme/app.git', policyPath: '.github/ospo-gatekeeper.yml' })).toEqual([]);
  });

  it('accepts security-severity on the vulnerability rule and its results', () => {
    const findings = [vulnerable('qs', '6.11.0', 12, 'GHSA-a', 7.5), vulnerable('tar', '6.1.0', 44, 'GHSA-c'), ...everyRule()];
    const output = formatSarif(report(findings), '0.4.0');
    expect(output).toContain('"security-severity": "7.5"'); // what is validated is what GitHub reads
    expect(errorsOf(report(findings))).toEqual([]);
  });

  it('accepts a related location with a message (introduced by) and results without a region', () => {
    const unrecorded = { rule: 'vulnerability', severity: 'error' as const, message: 'x', purl: 'pkg:pypi/x@1.0.0', path: 'Pipfile.lock', introductionNotRecordedIn: 'Pipfile.lock' };
    expect(errorsOf(report([transitiveFinding(), unrecorded, uncheckedLicenses(2)]))).toEqual([]);
  });

  it('accepts findings without any path when there is no manifest', () => {
    expect(errorsOf(report([uncheckedLicenses(2), { rule: 'metadata/unavailable', severity: 'notice', message: 'x failed for 1 package' }], { manifests: [] }))).toEqual([]);
  });

  it('accepts an empty report and one with paths that need encoding', () => {
    expect(errorsOf(report([], { manifests: [], head: '' }), { repositoryUri: 'https://github.com/acme/app' })).toEqual([]);
    const odd = { ...deniedLicense('x', '1.0.0', 3), path: 'dir with space/#1/package.json', locations: [{ path: 'dir with space/#1/package-lock.json', line: 3 }] };
    expect(errorsOf(report([odd]))).toEqual([]);
  });
});
