/**
 * A CycloneDX 1.6 JSON SBOM of the head inventory, built with @cyclonedx/cyclonedx-library's
 * models and normaliser (lists sorted), never by hand. Same Report and meta, same bytes: the
 * serial number is a UUID derived from the rest of the document.
 *
 * Scope: runtime -> `required`; development -> `excluded` (not part of the shipped runtime);
 * unknown -> no scope, which CycloneDX says consumers SHOULD read as `required`: the safe reading
 * for license obligations, and `optional` would claim it is not installed. The property
 * `ospo-gatekeeper:scope` says `unknown` so the reading is visible.
 */
import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { PackageHash } from '../deps/model.js';
import type { Report } from '../evaluation/report.js';
import { sbomLicense, sbomModel, type SbomComponent, type SbomMeta } from './sbom-components.js';

const PREFIX = 'ospo-gatekeeper:';

const HASH_ALGORITHMS: Record<PackageHash['algorithm'], Enums.HashAlgorithm> = {
  md5: Enums.HashAlgorithm.MD5,
  sha1: Enums.HashAlgorithm['SHA-1'],
  sha256: Enums.HashAlgorithm['SHA-256'],
  sha384: Enums.HashAlgorithm['SHA-384'],
  sha512: Enums.HashAlgorithm['SHA-512'],
};

// A fixed namespace of our own for the serial number's name-based (v5) UUID.
const SERIAL_NAMESPACE = Buffer.from('6f1d1a52b3c94f0e9a7c2b0d4e8f1a37', 'hex');

export function renderCycloneDx(report: Report, meta: SbomMeta): string {
  const model = sbomModel(report);
  const root = rootComponent(meta);
  const components = new Map(model.components.map((component) => [component.purl, cdxComponent(component)] as const));
  for (const component of model.components) {
    for (const child of component.dependsOn) (components.get(component.purl) as Models.Component).dependencies.add((components.get(child) as Models.Component).bomRef);
  }
  for (const child of model.rootDependsOn) root.dependencies.add((components.get(child) as Models.Component).bomRef);
  const bom = new Models.Bom({
    metadata: new Models.Metadata({
      timestamp: new Date(meta.timestamp),
      tools: new Models.Tools({ components: new Models.ComponentRepository([new Models.Component(Enums.ComponentType.Application, 'ospo-gatekeeper', { version: meta.toolVersion })]) }),
      component: root,
      properties: new Models.PropertyRepository(model.unresolvedEdges > 0 ? [new Models.Property(`${PREFIX}unresolvedDependents`, String(model.unresolvedEdges))] : []),
    }),
    components: new Models.ComponentRepository(components.values()),
  });
  const normalized = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6).makeForBom().normalize(bom, { sortLists: true });
  // The library lists every component in the graph; an empty entry claims "depends on nothing",
  // which a format without a graph (requirements.txt, Pipfile.lock) does not say: those are left out.
  const unknown = new Set([...model.components.filter((component) => !component.graphKnown).map((component) => component.purl), ...(model.rootGraphKnown ? [] : [root.bomRef.toString()])]);
  normalized.dependencies = normalized.dependencies?.filter((entry) => entry.dependsOn !== undefined || !unknown.has(entry.ref));
  normalized.serialNumber = serialNumber(JSON.stringify(normalized));
  return `${JSON.stringify(normalized, null, 2)}\n`;
}

/** The repository at the commit: what the document describes. */
function rootComponent(meta: SbomMeta): Models.Component {
  return new Models.Component(Enums.ComponentType.Application, meta.repository, { bomRef: `${meta.repository}@${meta.commit}`, version: meta.commit });
}

function cdxComponent(component: SbomComponent): Models.Component {
  const properties = [
    ...component.manifests.map((manifest) => new Models.Property(`${PREFIX}manifest`, manifest)),
    new Models.Property(`${PREFIX}ecosystem`, component.ecosystem),
    ...(component.scope === 'unknown' ? [new Models.Property(`${PREFIX}scope`, 'unknown')] : []),
    ...(component.requirement !== undefined ? [new Models.Property(`${PREFIX}requirement`, component.requirement)] : []),
    ...(component.licenseSource !== undefined ? [new Models.Property(`${PREFIX}licenseSource`, component.licenseSource)] : []),
    ...(component.licenseUnchecked !== undefined ? [new Models.Property(`${PREFIX}licenseUnchecked`, component.licenseUnchecked)] : []),
  ];
  const licenses = cdxLicenses(component);
  return new Models.Component(Enums.ComponentType.Library, component.name, {
    bomRef: component.purl,
    purl: component.purl,
    ...(component.version !== undefined ? { version: component.version } : {}),
    ...(component.scope === 'runtime' ? { scope: Enums.ComponentScope.Required } : component.scope === 'development' ? { scope: Enums.ComponentScope.Excluded } : {}),
    hashes: new Models.HashDictionary(component.hashes.map((hash) => [HASH_ALGORITHMS[hash.algorithm], hash.value] as const)),
    licenses: new Models.LicenseRepository(licenses.kept),
    properties: new Models.PropertyRepository([...properties, ...licenses.asProperties]),
  });
}

type CdxLicense = Models.LicenseExpression | Models.SpdxLicense | Models.NamedLicense;

/**
 * The declared and the concluded license, each with its acknowledgement. CycloneDX 1.6 allows a
 * single expression and nothing beside it: then the concluded one is kept (what this run read)
 * and the declared one goes to the property `ospo-gatekeeper:declaredLicense`, never dropped.
 */
function cdxLicenses(component: SbomComponent): { kept: CdxLicense[]; asProperties: Models.Property[] } {
  const declared = component.declaredLicense === undefined ? undefined : cdxLicense(component.declaredLicense, Enums.LicenseAcknowledgement.Declared);
  const concluded = component.concludedLicense === undefined ? undefined : cdxLicense(component.concludedLicense, Enums.LicenseAcknowledgement.Concluded);
  const both = [concluded, declared].filter((license) => license !== undefined);
  if (both.length < 2 || !both.some((license) => license instanceof Models.LicenseExpression)) return { kept: both, asProperties: [] };
  return { kept: [concluded as CdxLicense], asProperties: [new Models.Property(`${PREFIX}declaredLicense`, component.declaredLicense as string)] };
}

function cdxLicense(text: string, acknowledgement: Enums.LicenseAcknowledgement): CdxLicense {
  const read = sbomLicense(text);
  const license = read.kind === 'id' ? new Models.SpdxLicense(read.id) : read.kind === 'expression' ? new Models.LicenseExpression(read.expression) : new Models.NamedLicense(read.text);
  license.acknowledgement = acknowledgement;
  return license;
}

/** A name-based (version 5) UUID of the document's other bytes, as a URN. */
function serialNumber(content: string): string {
  const digest = createHash('sha1').update(SERIAL_NAMESPACE).update(content).digest();
  digest[6] = ((digest[6] as number) & 0x0f) | 0x50;
  digest[8] = ((digest[8] as number) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
