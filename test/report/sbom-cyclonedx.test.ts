import { describe, expect, it } from '@jest/globals';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { renderCycloneDx } from '../../src/report/sbom-cyclonedx.js';
import { META, SHA1, SHA512, sbomReport } from './sbom-fixtures.js';

interface CdxComponent {
  'bom-ref': string;
  name: string;
  version?: string;
  scope?: string;
  purl: string;
  hashes?: { alg: string; content: string }[];
  licenses?: Record<string, unknown>[];
  properties?: { name: string; value: string }[];
}
interface CdxBom {
  serialNumber: string;
  metadata: { timestamp: string; component: { 'bom-ref': string; name: string; version: string }; tools: { components: { name: string; version: string }[] }; properties?: { name: string; value: string }[] };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

const bom = (): CdxBom => JSON.parse(renderCycloneDx(sbomReport(), META)) as CdxBom;
const component = (document: CdxBom, purl: string): CdxComponent => document.components.find((c) => c.purl === purl) as CdxComponent;
const propertiesOf = (c: CdxComponent) => (c.properties ?? []).map((p) => `${p.name}=${p.value}`).sort();
const sortedLicenses = (c: CdxComponent) => (c.licenses ?? []).map((l) => JSON.stringify(l)).sort();
const ROOT = `acme/app@${META.commit}`;

describe('renderCycloneDx', () => {
  it('has one component per purl, in purl order, with the scope CycloneDX means', () => {
    const document = bom();
    expect(document.components.map((c) => [c.purl, c.scope ?? '(none)'])).toEqual([
      ['pkg:npm/accepts@1.3.8', 'required'],
      ['pkg:npm/chalk@5.3.0', 'required'],
      ['pkg:npm/debug@2.6.9', 'required'],
      ['pkg:npm/debug@4.3.4', 'excluded'],
      ['pkg:npm/express@4.18.2', 'required'],
      ['pkg:npm/jest@29.0.0', 'excluded'],
      ['pkg:npm/left-pad@1.3.0', 'required'],
      ['pkg:npm/ms@2.1.3', 'required'],
      ['pkg:pypi/flask@3.0.0', 'required'],
      // unknown in one file, development in the other: the wider scope, left for consumers to read as required
      ['pkg:pypi/requests@2.31.0', '(none)'],
    ]);
    expect(document.components.every((c) => c['bom-ref'] === c.purl)).toBe(true);
  });

  it('lists every manifest a merged component came from, and says an unknown scope', () => {
    expect(propertiesOf(component(bom(), 'pkg:pypi/requests@2.31.0'))).toEqual([
      'ospo-gatekeeper:ecosystem=pypi',
      'ospo-gatekeeper:licenseUnchecked=offline',
      'ospo-gatekeeper:manifest=docs/requirements.txt',
      'ospo-gatekeeper:manifest=requirements.txt',
      'ospo-gatekeeper:scope=unknown',
    ]);
  });

  it('carries the declared and the concluded license, one expression at most', () => {
    const document = bom();
    const id = (license: string, acknowledgement: string) => JSON.stringify({ license: { id: license, acknowledgement } });
    expect(sortedLicenses(component(document, 'pkg:npm/express@4.18.2'))).toEqual([id('MIT', 'concluded'), id('MIT', 'declared')]);
    expect(sortedLicenses(component(document, 'pkg:npm/jest@29.0.0'))).toEqual([id('MIT', 'concluded')]);
    expect(propertiesOf(component(document, 'pkg:npm/jest@29.0.0'))).toContain('ospo-gatekeeper:licenseSource=npm registry');
    expect(sortedLicenses(component(document, 'pkg:pypi/flask@3.0.0'))).toEqual([id('BSD-3-Clause', 'concluded'), JSON.stringify({ license: { name: 'BSD', acknowledgement: 'declared' } })]);
    const ms = component(document, 'pkg:npm/ms@2.1.3');
    expect(ms.licenses).toEqual([{ expression: 'MIT OR Apache-2.0', acknowledgement: 'concluded' }]);
    expect(propertiesOf(ms)).toContain('ospo-gatekeeper:declaredLicense=MIT OR Apache-2.0');
    expect(component(document, 'pkg:pypi/requests@2.31.0').licenses).toBeUndefined();
  });

  it('carries the lockfile hashes under CycloneDX algorithm names', () => {
    const document = bom();
    expect(component(document, 'pkg:npm/express@4.18.2').hashes).toEqual([{ alg: 'SHA-512', content: SHA512 }]);
    expect(component(document, 'pkg:npm/accepts@1.3.8').hashes).toEqual([{ alg: 'SHA-1', content: SHA1 }]);
    expect(component(document, 'pkg:npm/chalk@5.3.0').hashes).toBeUndefined();
  });

  it('builds the graph from requiredBy: every version of a dependent, roots from the document root, nothing for files without a graph', () => {
    expect(bom().dependencies).toEqual([
      { ref: ROOT, dependsOn: ['pkg:npm/chalk@5.3.0', 'pkg:npm/express@4.18.2', 'pkg:npm/jest@29.0.0'] },
      { ref: 'pkg:npm/accepts@1.3.8' },
      { ref: 'pkg:npm/chalk@5.3.0' },
      { ref: 'pkg:npm/debug@2.6.9', dependsOn: ['pkg:npm/ms@2.1.3'] },
      { ref: 'pkg:npm/debug@4.3.4', dependsOn: ['pkg:npm/ms@2.1.3'] },
      { ref: 'pkg:npm/express@4.18.2', dependsOn: ['pkg:npm/accepts@1.3.8', 'pkg:npm/debug@2.6.9'] },
      { ref: 'pkg:npm/jest@29.0.0', dependsOn: ['pkg:npm/debug@4.3.4'] },
      { ref: 'pkg:npm/left-pad@1.3.0' },
      { ref: 'pkg:npm/ms@2.1.3' },
    ]);
  });

  it('describes the repository at the commit, by the tool at its version, and says the dependents it could not find', () => {
    const { metadata } = bom();
    expect(metadata.component).toEqual({ type: 'application', name: 'acme/app', version: META.commit, 'bom-ref': ROOT });
    expect(metadata.tools.components.map((tool) => [tool.name, tool.version])).toEqual([['ospo-gatekeeper', '1.2.3']]);
    expect(new Date(metadata.timestamp).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(metadata.properties).toEqual([{ name: 'ospo-gatekeeper:unresolvedDependents', value: '1' }]);
  });

  it('is the same bytes for the same input, whatever its order; the serial number follows the content', () => {
    const first = renderCycloneDx(sbomReport(), META);
    expect(renderCycloneDx(sbomReport(), META)).toBe(first);
    expect(renderCycloneDx(sbomReport({ reversed: true }), META)).toBe(first);
    const serial = (JSON.parse(first) as CdxBom).serialNumber;
    expect(serial).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const later = JSON.parse(renderCycloneDx(sbomReport(), { ...META, timestamp: '2026-03-02T00:00:00Z' })) as CdxBom;
    expect(later.serialNumber).not.toBe(serial);
  });

  it('validates against the CycloneDX 1.6 schema (strict)', async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    expect(await validator.validate(renderCycloneDx(sbomReport(), META))).toBeNull();
    const broken = { ...bom(), serialNumber: 'not-a-urn' };
    expect(await validator.validate(JSON.stringify(broken))).not.toBeNull(); // the validator bites
  });

  it('refuses a report without an inventory', () => {
    const { inventory: _inventory, ...withoutInventory } = sbomReport();
    expect(() => renderCycloneDx(withoutInventory, META)).toThrow('no inventory');
  });
});
