/**
 * An SPDX 2.3 JSON document of the head inventory. Same Report and meta, same bytes: the
 * namespace comes from the repository and commit, the SPDX ids from the purls, every list sorted.
 *
 * Where things go, by the spec: the manifests a package was read from in `sourceInfo` ("background
 * information about the origin of the package", 7.19); the scope in `comment`; development
 * dependencies as `DEV_DEPENDENCY_OF` their dependents, other edges as `DEPENDS_ON` (unknown scope
 * is not "optional": OPTIONAL_DEPENDENCY_OF would claim what the file does not say); the document
 * `DESCRIBES` the repository at the commit, which `DEPENDS_ON` what its project roots require.
 * Licenses are SPDX expressions or NOASSERTION, with what could not be read in `licenseComments`.
 */
import { createHash } from 'node:crypto';
import type { PackageHash } from '../deps/model.js';
import type { Report } from '../evaluation/report.js';
import { compareText } from '../deps/order.js';
import { sbomLicense, sbomModel, type SbomComponent, type SbomMeta } from './sbom-components.js';

const NOASSERTION = 'NOASSERTION';
const ROOT_ID = 'SPDXRef-Repository';

const CHECKSUM_ALGORITHMS: Record<PackageHash['algorithm'], string> = { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256', sha384: 'SHA384', sha512: 'SHA512' };

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  licenseConcluded?: string;
  licenseDeclared?: string;
  licenseComments?: string;
  checksums?: { algorithm: string; checksumValue: string }[];
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  sourceInfo?: string;
  comment?: string;
  primaryPackagePurpose?: string;
}

interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'DEPENDS_ON' | 'DEV_DEPENDENCY_OF';
  relatedSpdxElement: string;
}

export function renderSpdx(report: Report, meta: SbomMeta): string {
  const model = sbomModel(report);
  const ids = spdxIds(model.components);
  const idOf = (purl: string) => ids.get(purl) as string;
  const byPurl = new Map(model.components.map((component) => [component.purl, component] as const));
  const relationships: SpdxRelationship[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: ROOT_ID }];
  const edge = (parent: string, child: string) => relationships.push(edgeOf(parent, idOf(child), byPurl.get(child) as SbomComponent));
  for (const child of model.rootDependsOn) edge(ROOT_ID, child);
  for (const component of model.components) for (const child of component.dependsOn) edge(idOf(component.purl), child);
  relationships.sort((a, b) => compareText(a.spdxElementId, b.spdxElementId) || compareText(a.relationshipType, b.relationshipType) || compareText(a.relatedSpdxElement, b.relatedSpdxElement));
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${meta.repository}@${meta.commit}`,
    documentNamespace: documentNamespace(meta),
    creationInfo: { created: spdxTimestamp(meta.timestamp), creators: [`Tool: ospo-gatekeeper-${meta.toolVersion}`] },
    packages: [rootPackage(meta), ...model.components.map((component) => spdxPackage(component, idOf(component.purl)))],
    relationships,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `A DEPENDS_ON B`, or `B DEV_DEPENDENCY_OF A` for a development dependency. */
function edgeOf(parentId: string, childId: string, child: SbomComponent): SpdxRelationship {
  return child.scope === 'development'
    ? { spdxElementId: childId, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: parentId }
    : { spdxElementId: parentId, relationshipType: 'DEPENDS_ON', relatedSpdxElement: childId };
}

/**
 * `SPDXRef-Package-<purl in letters, digits, . and ->`, unique: a purl that reads the same once
 * sanitised as an earlier one (in purl order) gets `-2`, `-3`...
 */
function spdxIds(components: readonly SbomComponent[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>([ROOT_ID]);
  for (const { purl } of components) {
    const base = `SPDXRef-Package-${purl.replace(/^pkg:/, '').replace(/[^A-Za-z0-9.-]+/g, '-')}`;
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    taken.add(id);
    ids.set(purl, id);
  }
  return ids;
}

/** The same repository and commit name the same document (the brief's reproducibility contract). */
function documentNamespace(meta: SbomMeta): string {
  const digest = createHash('sha256').update(`${meta.repository}\u0000${meta.commit}`).digest('hex').slice(0, 32);
  return `https://spdx.org/spdxdocs/ospo-gatekeeper/${encodeURIComponent(meta.repository)}-${meta.commit}-${digest}`;
}

/** SPDX wants `YYYY-MM-DDThh:mm:ssZ`: no fraction of a second. */
function spdxTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`not an ISO timestamp: ${iso}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function rootPackage(meta: SbomMeta): SpdxPackage {
  return { SPDXID: ROOT_ID, name: meta.repository, versionInfo: meta.commit, downloadLocation: NOASSERTION, filesAnalyzed: false, primaryPackagePurpose: 'SOURCE' };
}

function spdxPackage(component: SbomComponent, id: string): SpdxPackage {
  const declared = component.declaredLicense === undefined ? undefined : sbomLicense(component.declaredLicense);
  const concluded = component.concludedLicense === undefined ? undefined : sbomLicense(component.concludedLicense);
  const comments = licenseComments(component, declared?.kind === 'text', concluded?.kind === 'text');
  return {
    SPDXID: id,
    name: component.name,
    ...(component.version !== undefined ? { versionInfo: component.version } : {}),
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: spdxExpression(concluded),
    licenseDeclared: spdxExpression(declared),
    ...(comments ? { licenseComments: comments } : {}),
    ...(component.hashes.length > 0 ? { checksums: component.hashes.map((hash) => ({ algorithm: CHECKSUM_ALGORITHMS[hash.algorithm], checksumValue: hash.value })) } : {}),
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: component.purl }],
    sourceInfo: `read by ospo-gatekeeper from ${component.manifests.join(', ')}`,
    comment: `scope: ${component.scope}${component.requirement !== undefined ? `; no exact version, requirement ${component.requirement}` : ''}`,
  };
}

function spdxExpression(license: ReturnType<typeof sbomLicense> | undefined): string {
  if (license?.kind === 'id') return license.id;
  if (license?.kind === 'expression') return license.expression;
  return NOASSERTION;
}

/** Everything about the licenses that the two fields cannot say. */
function licenseComments(component: SbomComponent, declaredNotSpdx: boolean, concludedNotSpdx: boolean): string | undefined {
  const parts = [
    ...(declaredNotSpdx ? [`declared as "${component.declaredLicense}", not an SPDX expression`] : []),
    ...(concludedNotSpdx ? [`read as "${component.concludedLicense}", not an SPDX expression`] : []),
    ...(component.licenseSource !== undefined ? [`concluded from ${component.licenseSource}`] : []),
    ...(component.licenseUnchecked !== undefined ? [`license not looked up: ${component.licenseUnchecked}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}
