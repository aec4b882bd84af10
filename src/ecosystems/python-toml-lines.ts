/**
 * Lines of keys and array items in a TOML document (pyproject.toml, Pipfile): smol-toml gives
 * values but no positions, so one scan over the text finds where each declaration is written.
 * It reads table headers, `key = value` lines (dotted and quoted keys) and the string items of
 * arrays (PEP 508 requirement lists), skipping comments and multi-line strings.
 */
import { keyPath } from './formats/json-lines.js';

export interface TomlLines {
  /** Line of `key = ...` or of a table header, by full key path (keyPath(...segments)). */
  keys: Map<string, number>;
  /** Line of each string item of an array, by keyPath(...arrayKeyPath, item text). First one wins. */
  items: Map<string, number>;
}

/** Splits a (possibly dotted, possibly quoted) TOML key into segments. */
export function splitTomlKey(key: string): string[] {
  const segments: string[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(key)) !== null && match[0] !== '') {
    segments.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? match[3] ?? ''));
    if (pattern.lastIndex >= key.length) break;
  }
  return segments;
}

interface ScanState {
  /** Nesting of `[` and `{` inside the current value. */
  depth: number;
  /** Inside a multi-line string opened with this delimiter. */
  multiline?: '"""' | "'''";
  /** Key path of the array whose items are being read. */
  arrayPath?: string[];
}

/** Scans a value fragment, reporting strings met directly inside an array (depth 1). */
function scanValue(text: string, state: ScanState, onString: (value: string) => void): void {
  let i = 0;
  while (i < text.length) {
    if (state.multiline) {
      const end = text.indexOf(state.multiline, i);
      if (end === -1) return;
      i = end + 3;
      state.multiline = undefined;
      continue;
    }
    const char = text[i];
    if (char === '#') return;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      state.multiline = text.slice(i, i + 3) as '"""' | "'''";
      i += 3;
      continue;
    }
    if (char === '"' || char === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== char) {
        if (char === '"' && text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        value += text[j];
        j++;
      }
      if (state.depth === 1) onString(value);
      i = j + 1;
      continue;
    }
    if (char === '[' || char === '{') state.depth++;
    else if (char === ']' || char === '}') state.depth = Math.max(0, state.depth - 1);
    i++;
  }
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY_LINE = /^\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=\s*(.*)$/;

export function tomlLines(content: string): TomlLines {
  const keys = new Map<string, number>();
  const items = new Map<string, number>();
  const state: ScanState = { depth: 0 };
  let table: string[] = [];
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const text = (lines[index] ?? '').replace(/\r$/, '');
    const line = index + 1;
    const record = (value: string) => {
      if (!state.arrayPath) return;
      const key = keyPath(...state.arrayPath, value);
      if (!items.has(key)) items.set(key, line);
    };
    if (state.multiline || state.depth > 0) {
      scanValue(text, state, record);
      if (state.depth === 0) state.arrayPath = undefined;
      continue;
    }
    const header = HEADER.exec(text);
    if (header?.[1]) {
      table = splitTomlKey(header[1]);
      const key = keyPath(...table);
      if (!keys.has(key)) keys.set(key, line);
      continue;
    }
    const keyLine = KEY_LINE.exec(text);
    if (!keyLine?.[1]) continue;
    const path = [...table, ...splitTomlKey(keyLine[1])];
    const key = keyPath(...path);
    if (!keys.has(key)) keys.set(key, line);
    const value = keyLine[2] ?? '';
    state.arrayPath = value.trimStart().startsWith('[') ? path : undefined;
    scanValue(value, state, record);
    if (state.depth === 0) state.arrayPath = undefined;
  }
  return { keys, items };
}
