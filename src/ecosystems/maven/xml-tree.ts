/**
 * A minimal element tree of an XML text, with the line of every opening tag. A POM needs lines
 * for many elements (each `<dependency>`, each property, each `<version>`), and a general XML
 * parser gives values without positions, so this one walks the tags in document order itself.
 * Comments, processing instructions and the DOCTYPE are skipped (they may contain `<dependency>`
 * as text); CDATA counts as text. Only runs on text XMLValidator accepted, so tags are balanced.
 */
import { LineCounter } from '../../deps/lines.js';

export interface XmlElement {
  /** Local name: `m:dependency` -> `dependency` (a namespace prefix is rare in a POM but legal). */
  name: string;
  line: number;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded, trimmed. */
  text: string;
  /** Line where the element's own text starts, when it has any (text where elements belong is an error). */
  textLine?: number;
}

export interface XmlDocument {
  /** The root element, undefined when there is none. */
  root?: XmlElement;
  /** A second element at the top level: XML allows one root, and a reader would pick either. */
  extraRoot?: XmlElement;
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<\/\s*([^\s>]+)\s*>|<([^\s/>!?]+)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/**
 * The children of every leaf element (most of a POM's elements): one shared, frozen empty list
 * instead of one per element; an element gets its own list with its first child.
 */
const NO_CHILDREN = Object.freeze([]) as unknown as XmlElement[];

/** The root element of `text` (and a second one, if the text has two). */
export function parseXmlTree(text: string): XmlDocument {
  const counter = new LineCounter(text);
  const stack: { element: XmlElement; parts: string[] }[] = [];
  const document: XmlDocument = {};
  let textStart = 0;
  const close = () => {
    const open = stack.pop();
    if (open && open.parts.length > 0) open.element.text = (open.parts.length === 1 ? (open.parts[0] as string) : open.parts.join('')).trim();
  };
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    const top = stack[stack.length - 1];
    if (top && index > textStart) {
      const between = text.slice(textStart, index);
      const offset = between.search(/\S/);
      if (offset !== -1 && top.element.textLine === undefined) top.element.textLine = counter.lineOf(textStart + offset);
      // Leading white space is trimmed anyway: a container's indentation is never kept.
      if (offset !== -1 || top.parts.length > 0) top.parts.push(decodeEntities(between));
    }
    textStart = index + match[0].length;
    const [, cdata, closing, opening, selfClosing] = match;
    if (cdata !== undefined) {
      if (top && cdata.trim() !== '' && top.element.textLine === undefined) top.element.textLine = counter.lineOf(index);
      top?.parts.push(cdata);
    } else if (closing !== undefined) {
      close();
    } else if (opening !== undefined) {
      const element: XmlElement = { name: localName(opening), line: counter.lineOf(index), children: NO_CHILDREN, text: '' };
      if (top) {
        if (top.element.children === NO_CHILDREN) top.element.children = [];
        top.element.children.push(element);
      }
      else if (document.root === undefined) document.root = element;
      else document.extraRoot ??= element;
      stack.push({ element, parts: [] });
      if (selfClosing === '/') close();
    }
  }
  return document;
}

/** The first child element named `name`. */
export function childOf(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => child.name === name);
}

/** Every child element named `name`, in document order. */
export function childrenOf(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((child) => child.name === name) ?? [];
}

function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon === -1 ? tag : tag.slice(colon + 1);
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's predefined entities and character references; others (DOCTYPE-defined) stay as written. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}
