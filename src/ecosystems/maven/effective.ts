/**
 * What a pom inherits from the poms of this repository: the properties and dependencyManagement
 * of its in-repo parent chain (the nearer pom wins), the managed versions of the BOMs it imports
 * that are modules of this build, and the names of what could supply the rest (a parent or BOM
 * that is not in this repository: never read, never guessed).
 *
 * As in Maven, inherited values are interpolated in the inheriting pom's context: a parent's
 * `<version>${project.version}</version>` under dependencyManagement means the module's version.
 * An imported BOM is the BOM's own effective model, and only adds keys not already managed.
 */
import { appendAll } from '../../deps/arrays.js';
import type { ExtractionProblem, Location } from '../types.js';
import type { Pom, PomEntry, Written } from './pom-model.js';
import { propertyExpander, type Expander, type PropertyValue } from './properties.js';
import { coordinatesLabel, findPom, parentChain, type ParentChain, type Reactor } from './reactor.js';

/** An exact version, or what was written instead and why it is not one. */
export type ResolvedVersion =
  | { version: string; declaredAt: Location }
  | { version?: undefined; requirement: string; unresolved: string; declaredAt: Location };

export interface Managed {
  /** The managed `<version>` as written (undefined when the entry has none). */
  written?: string;
  /** Resolved on first use: a parent manages hundreds of versions, a module uses a few. */
  resolve(): ResolvedVersion | undefined;
  scope?: string;
  /** The managed `<dependency>` element. */
  at: Location;
}

export interface Effective {
  chain: ParentChain;
  expander: Expander;
  /** The managed entry for a management key: the nearest pom of the chain, then the imported BOMs in order. */
  managed(key: string): Managed | undefined;
  /** `the parent g:a:v`, `the imported BOM g:a:v`: not in this repository, may manage more. */
  external: string[];
  /** `the parent g:a:v, whose pom p could not be read`. */
  unreadable: string[];
  problems: ExtractionProblem[];
}

/** Maven matches a dependency to its managed entry on groupId, artifactId, type and classifier. */
export function managementKey(groupId: string, artifactId: string, type: string | undefined, classifier: string | undefined): string {
  return `${groupId}:${artifactId}:${type ?? 'jar'}:${classifier ?? ''}`;
}

/**
 * One pom's dependencyManagement, keyed once for every pom that inherits it (a parent may manage
 * hundreds of versions for hundreds of modules). Entries whose key or scope holds a `${...}` depend
 * on the inheriting pom's properties, so they are kept apart and keyed per inheriting pom.
 */
interface Management {
  byKey: Map<string, PomEntry>;
  imports: PomEntry[];
  contextual: PomEntry[];
}

type Layer = { path: string; byKey: ReadonlyMap<string, PomEntry> };
type BomImport = { entry: PomEntry; path: string };

/** Computes and remembers the effective model of each pom of a reactor. */
export class EffectivePoms {
  private readonly memo = new Map<string, Effective>();
  private readonly managements = new Map<string, Management>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly reactor: Reactor) {}

  of(pom: Pom): Effective {
    const known = this.memo.get(pom.path);
    if (known) return known;
    this.inProgress.add(pom.path);
    const chain = parentChain(this.reactor, pom);
    const end = chain.end;
    const externalParent = end.kind === 'external' ? end.label : undefined;
    const expander = propertyExpander(inheritedProperties(chain));
    const { layers, imports } = this.layersOf(chain, expander);
    const boms: Effective[] = [];
    const cache = new Map<string, Managed | null>();
    const managed = (key: string): Managed | undefined => {
      const cached = cache.get(key);
      if (cached !== undefined) return cached ?? undefined;
      const layer = layers.find((candidate) => candidate.byKey.has(key));
      const entry = layer?.byKey.get(key);
      let found = layer && entry ? managedEntry(expander, entry, layer.path, externalParent) : undefined;
      for (const bom of boms) found ??= bom.managed(key);
      cache.set(key, found ?? null);
      return found;
    };
    const effective: Effective = {
      chain,
      expander,
      managed,
      external: externalParent !== undefined ? [`the parent ${externalParent}`] : [],
      unreadable: end.kind === 'unreadable' ? [`the parent ${end.label}, whose pom ${end.path} could not be read`] : [],
      problems: [],
    };
    if (chain.loop) {
      effective.problems.push({ path: pom.path, line: pom.parent?.line, message: `the parent chain loops (${chain.loop.join(' -> ')}), which Maven rejects` });
    }
    for (const entry of imports) {
      const bom = this.importBom(effective, pom, entry);
      if (bom) boms.push(bom);
    }
    this.inProgress.delete(pom.path);
    this.memo.set(pom.path, effective);
    return effective;
  }

  /** The chain's managed entries, nearest pom first, and its BOM imports in the same order. */
  private layersOf(chain: ParentChain, expander: Expander): { layers: Layer[]; imports: BomImport[] } {
    const layers: Layer[] = [];
    const imports: BomImport[] = [];
    const importKeys = new Set<string>();
    const addImport = (entry: PomEntry, path: string, key: string) => {
      if (!importKeys.has(key)) imports.push({ entry, path });
      importKeys.add(key);
    };
    for (const pom of chain.poms) {
      const management = this.management(pom);
      for (const entry of management.imports) addImport(entry, pom.path, keyOf(entry, (text) => text) ?? '');
      let byKey = management.byKey;
      if (management.contextual.length > 0) {
        const expand = (text: string | undefined) => expandText(expander, text);
        byKey = new Map(byKey);
        for (const entry of management.contextual) {
          const key = keyOf(entry, expand);
          if (key === undefined) continue;
          if (expand(entry.scope) === 'import') addImport(entry, pom.path, key);
          else byKey.set(key, entry);
        }
      }
      layers.push({ path: pom.path, byKey });
    }
    return { layers, imports };
  }

  private management(pom: Pom): Management {
    const known = this.managements.get(pom.path);
    if (known) return known;
    const management: Management = { byKey: new Map(), imports: [], contextual: [] };
    for (const entry of pom.managed) {
      const key = keyOf(entry, (text) => text);
      if ([entry.groupId, entry.artifactId, entry.type, entry.classifier, entry.scope].some((text) => text?.includes('${'))) management.contextual.push(entry);
      else if (key === undefined) continue; // no coordinates: Maven rejects the entry
      else if (entry.scope === 'import') management.imports.push(entry);
      else management.byKey.set(key, entry); // a repeated entry: the last one wins, as in Maven
    }
    this.managements.set(pom.path, management);
    return management;
  }

  private importBom(effective: Effective, pom: Pom, { entry, path }: BomImport): Effective | undefined {
    const groupId = expandText(effective.expander, entry.groupId);
    const artifactId = expandText(effective.expander, entry.artifactId);
    const version = expandText(effective.expander, entry.version?.value);
    const label = coordinatesLabel(groupId, artifactId, version);
    const bom = findPom(this.reactor, groupId, artifactId, version, pom.path);
    if (!bom) {
      effective.external.push(`the imported BOM ${label}`);
      return undefined;
    }
    if (this.inProgress.has(bom.path)) {
      effective.problems.push({ path, line: entry.line, message: `the imported BOM ${label} (${bom.path}) imports this pom back, which Maven rejects` });
      return undefined;
    }
    const imported = this.of(bom);
    appendAll(effective.external, imported.external.filter((supplier) => !effective.external.includes(supplier)));
    appendAll(effective.unreadable, imported.unreadable);
    return imported;
  }
}

function keyOf(entry: PomEntry, expand: (text: string | undefined) => string | undefined): string | undefined {
  const groupId = expand(entry.groupId);
  const artifactId = expand(entry.artifactId);
  if (groupId === undefined || artifactId === undefined) return undefined;
  return managementKey(groupId, artifactId, expand(entry.type), expand(entry.classifier));
}

/** A managed entry seen from the pom that inherits it; its version is resolved on first use. */
function managedEntry(expander: Expander, entry: PomEntry, path: string, externalParent: string | undefined): Managed {
  const version = entry.version;
  let resolved: ResolvedVersion | undefined;
  return {
    written: version?.value,
    resolve: () => (resolved ??= version && resolveVersion(expander, version, path, externalParent)),
    scope: expandText(expander, entry.scope),
    at: { path, line: entry.line },
  };
}

/**
 * The version a `<version>` element stands for. `declaredAt` is the line that decides it: the
 * property's definition when it is `${x}` (in whichever pom defines it), else the element itself.
 */
export function resolveVersion(expander: Expander, written: Written, path: string, externalParent: string | undefined): ResolvedVersion {
  const here: Location = { path, line: written.line };
  if (!written.value.includes('${')) return classify(written.value, written.value, here);
  const expansion = expander.expand(written.value);
  if (expansion.ok) return classify(expansion.value, written.value, expansion.from ?? here);
  const hint = expansion.undefinedName !== undefined && externalParent !== undefined ? `; the parent ${externalParent}, which is not in this repository, may define it` : '';
  return { requirement: written.value, unresolved: `${expansion.reason}${hint}`, declaredAt: here };
}

/** A plain version; ranges (`[1.0,2.0)`) are requirements, not versions. */
function classify(value: string, written: string, declaredAt: Location): ResolvedVersion {
  if (value === '') return { requirement: written, unresolved: 'the version is empty once its properties are expanded', declaredAt };
  if (/[[\](),]/.test(value)) return { requirement: written, unresolved: 'a version range', declaredAt };
  return { version: value, declaredAt };
}

/** A coordinate's text with its properties expanded; as written when they can't be. */
export function expandText(expander: Expander, text: string | undefined): string | undefined {
  if (text === undefined || !text.includes('${')) return text;
  const expansion = expander.expand(text);
  return expansion.ok ? expansion.value : text;
}

/**
 * Properties in scope for the first pom of the chain: the chain's `<properties>` (the nearer pom
 * overriding), and the pom's coordinates. `project.*` / `pom.*` and `parent.*` read the model
 * first, as Maven's interpolator does; the deprecated bare `version`, `groupId`... yield to a
 * property of that name.
 */
function inheritedProperties(chain: ParentChain): Map<string, PropertyValue> {
  const pom = chain.poms[0] as Pom;
  const parent = pom.parent;
  const here = (line: number | undefined): Location => ({ path: pom.path, line });
  const coordinates: [string, PropertyValue | undefined, PropertyValue | undefined][] = [
    ['groupId', valueOf(pom.groupId, here) ?? textAt(parent?.groupId, here(parent?.line)), textAt(parent?.groupId, here(parent?.line))],
    ['artifactId', valueOf(pom.artifactId, here), textAt(parent?.artifactId, here(parent?.line))],
    ['version', valueOf(pom.version, here) ?? valueOf(parent?.version, here), valueOf(parent?.version, here)],
  ];
  const properties = new Map<string, PropertyValue>();
  for (const [name, own] of coordinates) if (own) properties.set(name, own);
  for (const ancestor of [...chain.poms].reverse()) {
    for (const [name, { value, line }] of ancestor.properties) properties.set(name, { value, location: { path: ancestor.path, line } });
  }
  for (const [name, own, ofParent] of coordinates) {
    for (const alias of [`project.${name}`, `pom.${name}`]) if (own) properties.set(alias, own);
    for (const alias of [`project.parent.${name}`, `parent.${name}`]) if (ofParent) properties.set(alias, ofParent);
  }
  return properties;
}

function valueOf(written: Written | undefined, here: (line: number) => Location): PropertyValue | undefined {
  return written && { value: written.value, location: here(written.line) };
}

function textAt(value: string | undefined, location: Location): PropertyValue | undefined {
  return value === undefined ? undefined : { value, location };
}
