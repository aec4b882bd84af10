/**
 * One pom.xml as written: coordinates, parent, properties, managed and declared dependencies,
 * each with its line. Nothing is resolved here (that needs the other poms of the build).
 *
 * Declared dependencies are the project's `<dependencies>` and its profiles' (a profile can be
 * active by default or in CI; we can't tell, so its dependencies count). Build plugins' own
 * `<dependencies>` are build tools, not what the project ships, and are not read.
 */
import { XMLValidator } from 'fast-xml-parser';
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

export type PomReading = { pom: Pom } | { problem: ExtractionProblem };

export function readPom(file: SourceFile): PomReading {
  const valid = XMLValidator.validate(file.content);
  if (valid !== true) {
    return { problem: { path: file.path, line: valid.err.line, column: valid.err.col, message: `invalid XML: ${valid.err.msg}` } };
  }
  const project = parseXmlTree(file.content);
  if (project?.name !== 'project') {
    return { problem: { path: file.path, line: project?.line ?? 1, message: 'not a Maven POM: no <project> root element' } };
  }
  const parent = childOf(project, 'parent');
  const profiles = childrenOf(childOf(project, 'profiles'), 'profile');
  return {
    pom: {
      path: file.path,
      groupId: written(childOf(project, 'groupId')),
      artifactId: written(childOf(project, 'artifactId')),
      version: written(childOf(project, 'version')),
      parent: parent && parentRef(parent),
      properties: propertiesOf(childOf(project, 'properties')),
      managed: entriesOf(childOf(childOf(project, 'dependencyManagement'), 'dependencies')),
      dependencies: [childOf(project, 'dependencies'), ...profiles.map((profile) => childOf(profile, 'dependencies'))].flatMap(entriesOf),
    },
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

function entriesOf(block: XmlElement | undefined): PomEntry[] {
  return childrenOf(block, 'dependency').map((entry) => ({
    line: entry.line,
    groupId: text(childOf(entry, 'groupId')),
    artifactId: text(childOf(entry, 'artifactId')),
    version: written(childOf(entry, 'version')),
    scope: text(childOf(entry, 'scope')),
    type: text(childOf(entry, 'type')),
    classifier: text(childOf(entry, 'classifier')),
  }));
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
