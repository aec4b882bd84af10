import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { renderSpdx } from '../../src/report/sbom-spdx.js';
import { META, SHA1, SHA512, sbomReport } from './sbom-fixtures.js';

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  licenseDeclared?: string;
  licenseConcluded?: string;
  licenseComments?: string;
  checksums?: { algorithm: string; checksumValue: string }[];
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  sourceInfo?: string;
  comment?: string;
}
interface SpdxDocument {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

const SCHEMA_PATH = new URL('../fixtures/schemas/spdx-2.3.schema.json', import.meta.url);
const spdx = (): SpdxDocument => JSON.parse(renderSpdx(sbomReport(), META)) as SpdxDocument;
const pkg = (document: SpdxDocument, id: string): SpdxPackage => document.packages.find((p) => p.SPDXID === id) as SpdxPackage;
const P = 'SPDXRef-Package-';

describe('renderSpdx', () => {
  it('has the document fields SPDX 2.3 requires, deterministic from the repository and commit', () => {
    const document = spdx();
    expect([document.spdxVersion, document.dataLicense, document.SPDXID, document.name]).toEqual(['SPDX-2.3', 'CC0-1.0', 'SPDXRef-DOCUMENT', `acme/app@${META.commit}`]);
    expect(document.creationInfo).toEqual({ created: '2026-03-01T00:00:00Z', creators: ['Tool: ospo-gatekeeper-1.2.3'] });
    expect(document.documentNamespace).toMatch(new RegExp(`^https://spdx\\.org/spdxdocs/ospo-gatekeeper/acme%2Fapp-${META.commit}-[0-9a-f]{32}$`));
    expect(JSON.parse(renderSpdx(sbomReport(), { ...META, commit: 'd'.repeat(40) })).documentNamespace).not.toBe(document.documentNamespace);
  });

  it('has the repository, then one package per purl in purl order, with sanitised ids and purl references', () => {
    const document = spdx();
    expect(document.packages.map((p) => p.SPDXID)).toEqual([
      'SPDXRef-Repository',
      `${P}npm-accepts-1.3.8`,
      `${P}npm-chalk-5.3.0`,
      `${P}npm-debug-2.6.9`,
      `${P}npm-debug-4.3.4`,
      `${P}npm-express-4.18.2`,
      `${P}npm-jest-29.0.0`,
      `${P}npm-left-pad-1.3.0`,
      `${P}npm-ms-2.1.3`,
      `${P}pypi-flask-3.0.0`,
      `${P}pypi-requests-2.31.0`,
    ]);
    expect(pkg(document, `${P}npm-express-4.18.2`).externalRefs).toEqual([{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/express@4.18.2' }]);
    const requests = pkg(document, `${P}pypi-requests-2.31.0`);
    expect([requests.name, requests.versionInfo, requests.sourceInfo, requests.comment]).toEqual(['requests', '2.31.0', 'read by ospo-gatekeeper from docs/requirements.txt, requirements.txt', 'scope: unknown']);
  });

  it('gives valid SPDX expressions or NOASSERTION, and says in licenseComments what the fields cannot', () => {
    const document = spdx();
    const licenses = (id: string) => {
      const { licenseDeclared, licenseConcluded, licenseComments } = pkg(document, `${P}${id}`);
      return [licenseDeclared, licenseConcluded, licenseComments];
    };
    expect(licenses('npm-express-4.18.2')).toEqual(['MIT', 'MIT', 'concluded from package-lock.json']);
    expect(licenses('npm-jest-29.0.0')).toEqual(['NOASSERTION', 'MIT', 'concluded from npm registry']);
    expect(licenses('npm-ms-2.1.3')).toEqual(['MIT OR Apache-2.0', 'MIT OR Apache-2.0', 'concluded from package-lock.json']);
    expect(licenses('pypi-flask-3.0.0')).toEqual(['NOASSERTION', 'BSD-3-Clause', 'declared as "BSD", not an SPDX expression; concluded from deps.dev']);
    expect(licenses('pypi-requests-2.31.0')).toEqual(['NOASSERTION', 'NOASSERTION', 'license not looked up: offline']);
  });

  it('carries the hashes under SPDX algorithm names', () => {
    const document = spdx();
    expect(pkg(document, `${P}npm-express-4.18.2`).checksums).toEqual([{ algorithm: 'SHA512', checksumValue: SHA512 }]);
    expect(pkg(document, `${P}npm-accepts-1.3.8`).checksums).toEqual([{ algorithm: 'SHA1', checksumValue: SHA1 }]);
    expect(pkg(document, `${P}npm-chalk-5.3.0`).checksums).toBeUndefined();
  });

  it('relates: the document describes the repository, dependents depend on runtime packages, dev packages are dev dependencies of theirs', () => {
    const lines = spdx().relationships.map((r) => `${r.spdxElementId.replace(P, '')} ${r.relationshipType} ${r.relatedSpdxElement.replace(P, '')}`);
    expect(lines).toEqual([
      'SPDXRef-DOCUMENT DESCRIBES SPDXRef-Repository',
      'npm-debug-2.6.9 DEPENDS_ON npm-ms-2.1.3',
      'npm-debug-4.3.4 DEPENDS_ON npm-ms-2.1.3',
      'npm-debug-4.3.4 DEV_DEPENDENCY_OF npm-jest-29.0.0',
      'npm-express-4.18.2 DEPENDS_ON npm-accepts-1.3.8',
      'npm-express-4.18.2 DEPENDS_ON npm-debug-2.6.9',
      'npm-jest-29.0.0 DEV_DEPENDENCY_OF SPDXRef-Repository',
      'SPDXRef-Repository DEPENDS_ON npm-chalk-5.3.0',
      'SPDXRef-Repository DEPENDS_ON npm-express-4.18.2',
    ]);
  });

  it('keeps ids unique when two purls sanitise alike', () => {
    const report = sbomReport();
    const inventory = report.inventory ?? [];
    const lock = inventory[0] as (typeof inventory)[number];
    const twin = { ...lock.dependencies[0], name: 'a_b', purl: 'pkg:npm/a_b@1.0.0' } as (typeof lock.dependencies)[number];
    const other = { ...twin, name: 'a+b', purl: 'pkg:npm/a+b@1.0.0' };
    inventory[0] = { ...lock, dependencies: [...lock.dependencies, twin, other] };
    const ids = (JSON.parse(renderSpdx(report, META)) as SpdxDocument).packages.map((p) => p.SPDXID);
    // both read `a-b`; in purl order `a+b` comes first (+ < _), so `a_b` gets the suffix
    expect(ids.filter((id) => id.startsWith(`${P}npm-a-b`))).toEqual([`${P}npm-a-b-1.0.0`, `${P}npm-a-b-1.0.0-2`]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the same bytes for the same input, whatever its order', () => {
    const first = renderSpdx(sbomReport(), META);
    expect(renderSpdx(sbomReport(), META)).toBe(first);
    expect(renderSpdx(sbomReport({ reversed: true }), META)).toBe(first);
  });

  it('validates against the SPDX 2.3 JSON schema', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
    expect(validate(spdx()) ? [] : validate.errors).toEqual([]);
    const { creationInfo: _creationInfo, ...broken } = spdx();
    expect(validate(broken)).toBe(false); // the validator bites
  });
});
