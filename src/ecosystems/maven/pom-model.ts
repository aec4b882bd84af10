/**
 * One pom.xml as written: coordinates, parent, properties, managed and declared dependencies,
 * each with its line. Nothing is resolved here (that needs the other poms of the build).
 *
 * Declared dependencies are the project's `<dependencies>` and its profiles' (a profile can be
 * active by default or in CI; we can't tell, so its dependencies count). Build plugins' own
 * `<dependencies>` are build tools, not what the project ships, and are not read.
 */
import { XMLValidator } from 'fast-xml-parser';
import { clip, quote } from '../problems.js';
import { stripBom } from '../text.js';
import type { ExtractionProblem, SourceFile } from '../types.js';
import { childOf, childrenOf, parseXmlTree, type XmlElement } from './xml-tree.js';

/** A value as written, with the line of its element. */
export interface Written {
  value: string;
  line: number;
}

/** A `<dependency>` element, in `<dependencies>` or in `<dependencyManagement>`. */
export interface PomEntry {
  /** Line of the `<dependency>` element. */
  line: number;
  groupId?: string;
  artifactId?: string;
  version?: Written;
  scope?: string;
  type?: string;
  classifier?: string;
}

export interface ParentRef {
  /** Line of the `<parent>` element. */
  line: number;
  groupId?: string;
  artifactId?: string;
  version?: Written;
  /** As written; undefined when absent (Maven's default `../pom.xml`), `''` for `<relativePath/>`. */
  relativePath?: string;
}

export interface Pom {
  path: string;
  groupId?: Written;
  artifactId?: Written;
  version?: Written;
  parent?: ParentRef;
  properties: Map<string, Written>;
  managed: PomEntry[];
  dependencies: PomEntry[];
}

/** A pom, and the entries of it that are malformed (each left out, at its line). */
export type PomReading = { pom: Pom; problems: ExtractionProblem[] } | { problem: ExtractionProblem };

/** Elements of a `<dependency>` that hold a single text value. */
const TEXT_FIELDS = ['groupId', 'artifactId', 'version', 'scope', 'type', 'classifier'] as const;

export function readPom(file: SourceFile): PomReading {
  const content = stripBom(file.content);
  const valid = XMLValidator.validate(content);
  if (valid !== true) {
    return { problem: { path: file.path, line: valid.err.line, column: valid.err.col, message: `invalid XML: ${valid.err.msg}` } };
  }
  const { root: project, extraRoot } = parseXmlTree(content);
  if (extraRoot) {
    return { problem: { path: file.path, line: extraRoot.line, message: `invalid XML: a second root element <${extraRoot.name}> (a document has one root, <project>)` } };
  }
  if (project?.name !== 'project') {
    return { problem: { path: file.path, line: project?.line ?? 1, message: 'not a Maven POM: no <project> root element' } };
  }
  const problems: ExtractionProblem[] = [];
  const invalid = (line: number | undefined, message: string) => problems.push({ path: file.path, line, message, kind: 'invalid-entry' });
  const parent = childOf(project, 'parent');
  const profiles = childrenOf(childOf(project, 'profiles'), 'profile');
  const entries = (block: XmlElement | undefined) => entriesOf(block, invalid);
  const parentReference = parent && parentRef(parent);
  if (parent && parentReference && (!parentReference.groupId || !parentReference.artifactId)) {
    invalid(parent.line, `<parent> has no ${parentReference.groupId ? '<artifactId>' : '<groupId>'}, so the parent can't be found`);
  }
  return {
    pom: {
      path: file.path,
      groupId: written(childOf(project, 'groupId')),
      artifactId: written(childOf(project, 'artifactId')),
      version: written(childOf(project, 'version')),
      parent: parentReference,
      properties: propertiesOf(childOf(project, 'properties')),
      managed: entries(childOf(childOf(project, 'dependencyManagement'), 'dependencies')),
      dependencies: [childOf(project, 'dependencies'), ...profiles.map((profile) => childOf(profile, 'dependencies'))].flatMap(entries),
    },
    problems,
  };
}

function parentRef(parent: XmlElement): ParentRef {
  const relativePath = childOf(parent, 'relativePath');
  return {
    line: parent.line,
    groupId: text(childOf(parent, 'groupId')),
    artifactId: text(childOf(parent, 'artifactId')),
    version: written(childOf(parent, 'version')),
    relativePath: relativePath?.text,
  };
}

/**
 * The `<dependency>` elements of a `<dependencies>` block. What Maven would reject is reported
 * and left out: text or another element where a `<dependency>` belongs, a dependency without a
 * groupId or artifactId (absent, empty, or holding elements instead of text).
 */
function entriesOf(block: XmlElement | undefined, invalid: (line: number | undefined, message: string) => void): PomEntry[] {
  if (!block) return [];
  if (block.textLine !== undefined) invalid(block.textLine, `text ${quote(block.text)} inside <dependencies>, where only <dependency> elements belong`);
  const entries: PomEntry[] = [];
  for (const entry of block.children) {
    if (entry.name !== 'dependency') {
      invalid(entry.line, `<${clip(entry.name)}> inside <dependencies>, where only <dependency> elements belong`);
      continue;
    }
    const wrong = dependencyProblem(entry);
    if (wrong !== undefined) {
      invalid(entry.line, wrong);
      continue;
    }
    entries.push({
      line: entry.line,
      groupId: text(childOf(entry, 'groupId')),
      artifactId: text(childOf(entry, 'artifactId')),
      version: written(childOf(entry, 'version')),
      scope: text(childOf(entry, 'scope')),
      type: text(childOf(entry, 'type')),
      classifier: text(childOf(entry, 'classifier')),
    });
  }
  return entries;
}

/** Why a `<dependency>` can't be read, or undefined when it can. */
function dependencyProblem(entry: XmlElement): string | undefined {
  for (const field of TEXT_FIELDS) {
    const element = childOf(entry, field);
    if (element && element.children.length > 0) return `<dependency> has elements inside <${field}>, where its value belongs`;
  }
  for (const field of ['groupId', 'artifactId'] as const) {
    const element = childOf(entry, field);
    if (!element) return `<dependency> has no <${field}>`;
    if (element.text === '') return `<dependency> has an empty <${field}>`;
  }
  return undefined;
}

/** `<properties>`: a repeated name keeps its last value, as the XML reader Maven uses does. */
function propertiesOf(block: XmlElement | undefined): Map<string, Written> {
  const properties = new Map<string, Written>();
  for (const property of block?.children ?? []) properties.set(property.name, { value: property.text, line: property.line });
  return properties;
}

/** An element's text, undefined when it is absent or empty (`<version/>` declares nothing). */
function text(element: XmlElement | undefined): string | undefined {
  return element && element.text !== '' ? element.text : undefined;
}

function written(element: XmlElement | undefined): Written | undefined {
  return element && element.text !== '' ? { value: element.text, line: element.line } : undefined;
}
