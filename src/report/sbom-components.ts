/**
 * The model both SBOM renderers (sbom-cyclonedx.ts, sbom-spdx.ts) draw from: the head inventory of
 * a Report as one component per distinct purl, with its licenses, hashes, the manifests it was read
 * from and its edges. Pure: same Report, same model, in the same order.
 *
 * One component per purl, merged across manifests (every manifest listed): an SBOM names a
 * package once (consumers such as Dependency-Track key on the purl, and CycloneDX bom-refs must be
 * unique), while the manifests still say where it was found. What the manifests disagree on is
 * merged towards what a reader must not miss: the widest scope (runtime, else unknown, else
 * development) and the first manifest's license (in path order) that says one.
 */
import { compareText } from '../deps/order.js';
import type { Dependency, PackageHash, Scope } from '../deps/model.js';
import type { ChangeRecord, Report } from '../evaluation/report.js';
import { isCustomLicense, parseLicense } from '../licenses/expression.js';

/** What the caller knows and the Report does not: the tool, what was described, and when. */
export interface SbomMeta {
  toolVersion: string;
  repository: string;
  commit: string;
  timestamp: string /* ISO */;
}

export interface SbomComponent {
  /** The purl, also the component's reference in the document. */
  purl: string;
  ecosystem: string;
  name: string;
  version?: string;
  /** The declared requirement when no exact version was resolved. */
  requirement?: string;
  scope: Scope;
  /** Every manifest it was read from, sorted. */
  manifests: string[];
  /** The license as the file (or the source asked) wrote it. */
  declaredLicense?: string;
  /** The license as this run read it, in SPDX (the Report's change record). */
  concludedLicense?: string;
  /** Where the concluded license came from: a manifest's path or the source asked. */
  licenseSource?: string;
  /** Why no license was looked up (`offline`). */
  licenseUnchecked?: string;
  /** One digest per algorithm, sorted by algorithm. */
  hashes: PackageHash[];
  /** The purls it depends on, sorted. */
  dependsOn: string[];
  /** Some manifest it came from records the graph: an empty `dependsOn` then means none, not unknown. */
  graphKnown: boolean;
}

export interface SbomModel {
  /** Sorted by purl. */
  components: SbomComponent[];
  /** What the project roots (`workspace:<path>`) depend on, sorted. */
  rootDependsOn: string[];
  /** Every manifest records its graph, so the root's edges are complete. */
  rootGraphKnown: boolean;
  /** Dependents named in `requiredBy` that their manifest does not hold: edges left out. */
  unresolvedEdges: number;
}

const WORKSPACE = 'workspace:';
const SCOPE_WEIGHT: Record<Scope, number> = { runtime: 2, unknown: 1, development: 0 };

/** The model of `report.inventory`; a Report without one is refused (an SBOM of nothing would be a lie). */
export function sbomModel(report: Report): SbomModel {
  if (!report.inventory) throw new Error('the report has no inventory: an SBOM needs the head dependencies');
  const manifests = [...report.inventory].sort((a, b) => compareText(a.path, b.path));
  const records = recordsByManifestAndPurl(report.changes);
  const components = new Map<string, SbomComponent>();
  const rootDependsOn = new Set<string>();
  let unresolvedEdges = 0;
  let rootGraphKnown = true;
  for (const manifest of manifests) {
    const dependencies = sortedDependencies(manifest.dependencies);
    const graphKnown = dependencies.some((dependency) => dependency.requiredBy !== undefined);
    if (!graphKnown && dependencies.length > 0) rootGraphKnown = false;
    for (const dependency of dependencies) addDependency(components, dependency, records.get(recordKey(manifest.path, dependency.purl)), graphKnown);
    unresolvedEdges += addEdges(dependencies, components, rootDependsOn);
  }
  const sorted = [...components.values()].sort((a, b) => compareText(a.purl, b.purl));
  for (const component of sorted) component.dependsOn.sort(compareText);
  return { components: sorted, rootDependsOn: [...rootDependsOn].sort(compareText), rootGraphKnown, unresolvedEdges };
}

function recordKey(manifest: string, purl: string): string {
  return `${manifest}\u0000${purl}`;
}

function recordsByManifestAndPurl(changes: readonly ChangeRecord[]): Map<string, ChangeRecord> {
  const records = new Map<string, ChangeRecord>();
  for (const record of changes) {
    if (record.change === 'removed') continue;
    const key = recordKey(record.manifest, record.purl);
    if (!records.has(key)) records.set(key, record);
  }
  return records;
}

/** Input order must not matter: by purl, then name (the fields that make a component). */
function sortedDependencies(dependencies: readonly Dependency[]): Dependency[] {
  return [...dependencies].sort((a, b) => compareText(a.purl, b.purl) || compareText(a.name, b.name));
}

function addDependency(components: Map<string, SbomComponent>, dependency: Dependency, record: ChangeRecord | undefined, graphKnown: boolean): void {
  let component = components.get(dependency.purl);
  if (!component) {
    component = {
      purl: dependency.purl,
      ecosystem: dependency.ecosystem,
      name: dependency.name,
      ...(dependency.version !== undefined ? { version: dependency.version } : {}),
      ...(dependency.version === undefined && dependency.requirement !== undefined ? { requirement: dependency.requirement } : {}),
      scope: dependency.scope,
      manifests: [],
      hashes: [],
      dependsOn: [],
      graphKnown,
    };
    components.set(dependency.purl, component);
  }
  if (SCOPE_WEIGHT[dependency.scope] > SCOPE_WEIGHT[component.scope]) component.scope = dependency.scope;
  if (!component.manifests.includes(dependency.manifest)) component.manifests.push(dependency.manifest);
  component.manifests.sort(compareText);
  component.graphKnown ||= graphKnown;
  addHashes(component, dependency.hashes ?? []);
  if (component.declaredLicense === undefined && component.concludedLicense === undefined) addLicenses(component, dependency, record);
}

function addHashes(component: SbomComponent, hashes: readonly PackageHash[]): void {
  for (const hash of hashes) {
    // One digest per algorithm (CycloneDX keys them so); the first manifest's, in path order.
    if (!component.hashes.some((known) => known.algorithm === hash.algorithm)) component.hashes.push({ algorithm: hash.algorithm, value: hash.value.toLowerCase() });
  }
  component.hashes.sort((a, b) => compareText(a.algorithm, b.algorithm));
}

function addLicenses(component: SbomComponent, dependency: Dependency, record: ChangeRecord | undefined): void {
  const declared = dependency.license ?? record?.declaredLicense;
  if (declared !== undefined) component.declaredLicense = declared;
  if (record?.license !== undefined) component.concludedLicense = record.license;
  if (record?.licenseSource !== undefined && record.license !== undefined) component.licenseSource = record.licenseSource;
  if (record?.licenseUnchecked !== undefined) component.licenseUnchecked = record.licenseUnchecked;
}

/**
 * The edges `requiredBy` gives in one manifest: a dependent's name stands for every version of that
 * name in the same manifest, `workspace:<path>` for a project root (the document's root). Returns
 * how many dependents the manifest does not hold.
 */
function addEdges(dependencies: readonly Dependency[], components: Map<string, SbomComponent>, rootDependsOn: Set<string>): number {
  const byName = new Map<string, string[]>();
  for (const dependency of dependencies) byName.set(dependency.name, [...(byName.get(dependency.name) ?? []), dependency.purl]);
  let unresolved = 0;
  for (const dependency of dependencies) {
    for (const dependent of dependency.requiredBy ?? []) {
      if (dependent.startsWith(WORKSPACE)) {
        rootDependsOn.add(dependency.purl);
        continue;
      }
      const parents = byName.get(dependent);
      if (!parents) {
        unresolved += 1;
        continue;
      }
      for (const parent of parents) {
        const edges = (components.get(parent) as SbomComponent).dependsOn;
        if (parent !== dependency.purl && !edges.includes(dependency.purl)) edges.push(dependency.purl);
      }
    }
  }
  return unresolved;
}

/** A license text as SBOMs can carry it: one SPDX id, an SPDX expression, or only the text. */
export type SbomLicense = { kind: 'id'; id: string } | { kind: 'expression'; expression: string } | { kind: 'text'; text: string };

/**
 * `text` read as SPDX (the project's own parser and normalisation table). `LicenseRef-` terms stay
 * text: a document may only use them beside their definition, which a lockfile does not give.
 */
export function sbomLicense(text: string): SbomLicense {
  const parsed = parseLicense(text);
  if (!parsed.known || parsed.alternatives.some((terms) => terms.some(isCustomLicense))) return { kind: 'text', text };
  const [only, ...others] = parsed.alternatives;
  const term = only?.length === 1 && others.length === 0 ? only[0] : undefined;
  return term && term.exception === undefined ? { kind: 'id', id: term.license } : { kind: 'expression', expression: parsed.expression };
}
