/**
 * The fast reader for ordinary workflow and action files: js-yaml for the structure (about 30
 * times faster than the `yaml` document model, a few bytes a character instead of 60) and its
 * parse events for the lines (parse-events.ts). It answers only when its answer is sure to be
 * the document reader's: for anything else (a problem to report, an anchor, a tag, a key that
 * `yaml` would read as a number...) it returns undefined and document-reader.ts reads the file.
 *
 * js-yaml reads with the failsafe schema, every value the string it was written as; `yaml` reads
 * plain values with the core schema (`1` a number, `~` null). The two agree on a key or a value
 * that the core schema can't take for anything but a string, which is all this reader accepts
 * where it matters: the keys of the maps walked, and `uses:` values that name an action.
 */
import { FAILSAFE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { Dependency, SourceFile } from '../types.js';
import { actionDependency } from './dependency.js';
import { UsesPositions } from './parse-events.js';
import { parseUses } from './uses.js';

/**
 * Text left to the document reader: a lone CR (a line break to js-yaml, not to `yaml`), a
 * directive (`%YAML 1.1` changes what values mean), a document marker other than a bare `---`
 * (js-yaml takes `---#` for one), an explicit key (`? key`: its events don't pair up), a tab in
 * a line's indentation (`yaml` refuses some that js-yaml takes, after a block scalar). A `?` or
 * a tab in a script is read slowly, never wrongly.
 */
function isUnusualText(content: string): boolean {
  // Three patterns, the two that need a `\r` or a `?` only run on text that has one: one
  // pattern of all five alternatives is tried at every character, about twice as slow.
  return (content.includes('\r') && LONE_CR.test(content)) || UNUSUAL_LINE_START.test(content) || (content.includes('?') && EXPLICIT_KEY.test(content));
}

const LONE_CR = /\r(?!\n)/;
const UNUSUAL_LINE_START = /^(?:%|---(?![ \t]*\r?$)|\.\.\.| *\t)/m;
const EXPLICIT_KEY = /(?:^|[\s,[{])\?(?=\s|$)/m;

/**
 * Keys the core schema might read as something other than this string: null (`~`, empty, null),
 * booleans, numbers (`1`, `01`, `0x1`, `.5`, `.inf`: `yaml` would see `1` and `01` as one key
 * twice), and `<<` (a merge key to some YAML readers). Over-broad on purpose.
 */
const NOT_SURELY_A_STRING = /^(?:[-+.0-9~<]|$)|^(?:true|false|null)$/i;

type YamlMap = Record<string, unknown>;

/** The `uses:` dependencies of an ordinary file in the document reader's order, or undefined. */
export function readOrdinaryFile(file: SourceFile, content: string, kind: 'workflow' | 'action'): Dependency[] | undefined {
  if (isUnusualText(content)) return undefined;
  const positions = new UsesPositions();
  let root: unknown;
  try {
    root = load(content, { schema: FAILSAFE_SCHEMA, listener: positions.listener });
  } catch (error) {
    // Invalid YAML (or a repeated key, anywhere): the document reader says where and why.
    if (error instanceof YAMLException) return undefined;
    throw error;
  }
  if (positions.unusual) return undefined;
  const walk = new OrdinaryWalk(file, content, positions);
  const top = surelyPlainMap(root);
  if (!top) return undefined;
  return (kind === 'workflow' ? walk.workflow(top) : walk.action(top)) ? walk.dependencies : undefined;
}

/** `node` as a map whose keys `yaml` reads as the same strings, or undefined. */
function surelyPlainMap(node: unknown): YamlMap | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  for (const key of Object.keys(node)) if (NOT_SURELY_A_STRING.test(key)) return undefined;
  return node as YamlMap;
}

/**
 * `value` as a slice of `content`, where it is written there as it reads: js-yaml's strings are
 * slices of its own copy of the file, which a dependency's name and version would keep alive
 * (a megabyte a file). An escaped value gets a string of its own.
 */
function inFile(content: string, value: string, from: number): string {
  let at = from;
  while (content[at] === ' ' || content[at] === '\t') at++;
  if (content[at] === '"' || content[at] === "'") at++;
  return content.startsWith(value, at) ? content.slice(at, at + value.length) : Array.from(value).join('');
}

/** The walk of document-reader.ts over ordinary files: each method is false where that reader would report a problem. */
class OrdinaryWalk {
  readonly dependencies: Dependency[] = [];

  constructor(
    private readonly file: SourceFile,
    private readonly content: string,
    private readonly positions: UsesPositions,
  ) {}

  workflow(top: YamlMap): boolean {
    if (!Object.hasOwn(top, 'jobs')) return true;
    const jobs = surelyPlainMap(top['jobs']);
    if (!jobs) return false;
    for (const id of Object.keys(jobs)) {
      const job = surelyPlainMap(jobs[id]);
      if (!job || !this.uses(job) || !this.steps(job)) return false;
    }
    return true;
  }

  action(top: YamlMap): boolean {
    if (!Object.hasOwn(top, 'runs')) return true;
    const runs = surelyPlainMap(top['runs']);
    return runs !== undefined && this.steps(runs);
  }

  private steps(holder: YamlMap): boolean {
    if (!Object.hasOwn(holder, 'steps')) return true;
    const steps = holder['steps'];
    if (!Array.isArray(steps)) return false;
    for (const item of steps) {
      const step = surelyPlainMap(item);
      if (!step || !this.uses(step)) return false;
    }
    return true;
  }

  private uses(holder: YamlMap): boolean {
    if (!Object.hasOwn(holder, 'uses')) return true;
    const value = holder['uses'];
    const span = this.positions.spans.get(holder);
    // One line, key and value: where the value ends (a pin's tag comment) is then plain.
    if (typeof value !== 'string' || !span || span.valueLine !== span.keyLine) return false;
    const target = parseUses(inFile(this.content, value, span.valueStart));
    if (target.kind === 'invalid') return false;
    if (target.kind === 'action') this.dependencies.push(actionDependency(this.file, this.content, target, span.keyLine, span.valueEnd));
    return true;
  }
}
