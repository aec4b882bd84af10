/**
 * The reference reader: the `yaml` package's document model, with exact positions from its node
 * ranges and LineCounter, for every file, whatever it holds. It costs about 60 bytes of memory
 * per character and a second per megabyte, so workflow.ts reads ordinary files faster and hands
 * this reader every other one: its answers (problems included) are the ones that count.
 *
 * Workflows: `jobs.<id>.uses` (a reusable workflow) and `jobs.<id>.steps[*].uses`.
 * Actions: `runs.steps[*].uses` of a composite action (Docker and JavaScript actions have no steps).
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { quote } from '../problems.js';
import type { Dependency, ExtractionProblem, SourceFile } from '../types.js';
import { actionDependency } from './dependency.js';
import { parseUses } from './uses.js';

export interface WorkflowResult {
  /** False when the file is not valid YAML (then `problems` says where). */
  parsed: boolean;
  dependencies: Dependency[];
  problems: ExtractionProblem[];
}

/** Reads `content` (the file's text, byte order mark already stripped). */
export function readWithDocument(file: SourceFile, content: string, kind: 'workflow' | 'action'): WorkflowResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(content, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const position = lineCounter.linePos(error.pos[0]);
    return {
      parsed: false,
      dependencies: [],
      problems: [{ path: file.path, line: position.line, column: position.col, message: `invalid YAML: ${error.message.split('\n')[0] ?? error.code}` }],
    };
  }
  const walk = new Walk(file, content, doc, lineCounter);
  const root = resolve(doc, doc.contents);
  // An empty file uses nothing (and GitHub refuses to run it); anything else must be a map.
  if (root === null || (isScalar(root) && root.value === null)) return walk.result;
  const top = kind === 'workflow' ? walk.map(root, 'the workflow', 'a map (on:, jobs:)') : walk.map(root, 'the action', 'a map (name:, runs:)');
  if (!top) return walk.fail();
  if (kind === 'workflow') {
    const jobsPair = pairOf(top, 'jobs');
    if (!jobsPair) return walk.result;
    const jobs = walk.map(jobsPair.value, '"jobs"', 'a map of job ids to jobs', jobsPair);
    if (!jobs) return walk.fail();
    for (const job of jobs.items) {
      const body = walk.map(job.value, `job ${quote(keyText(job))}`, 'a map (runs-on:, steps:)', job, 'invalid-entry');
      if (!body) continue;
      walk.uses(pairOf(body, 'uses'));
      walk.steps(pairOf(body, 'steps'));
    }
  } else {
    const runsPair = pairOf(top, 'runs');
    if (!runsPair) return walk.result;
    const runs = walk.map(runsPair.value, '"runs"', 'a map (using:, steps:)', runsPair);
    if (!runs) return walk.fail();
    walk.steps(pairOf(runs, 'steps'));
  }
  return walk.result;
}

/** Follows an alias (`- *checkout`) to the node it names. */
function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The pair of `map` whose key is the plain scalar `key` (the first: duplicates are reported by Walk.map). */
function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : 'a complex key';
}

/** What a YAML node is, in words for a message. */
function nodeKind(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a map';
  if (isScalar(node)) return node.value === null ? 'empty' : typeof node.value === 'string' ? 'a string' : typeof node.value === 'number' ? 'a number' : typeof node.value === 'boolean' ? String(node.value) : 'a scalar';
  return 'empty';
}

/**
 * One file's walk: the shapes GitHub requires, checked where the file is read. A shape that
 * hides every `uses:` of the file (the top level, `jobs`, `runs`) fails the file; one job or step
 * of the wrong shape is an `invalid-entry` problem at its line and the others are still read.
 */
class Walk {
  readonly result: WorkflowResult = { parsed: true, dependencies: [], problems: [] };

  constructor(
    private readonly file: SourceFile,
    private readonly content: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** The file could not be read: its dependencies are dropped, its problems kept. */
  fail(): WorkflowResult {
    return { parsed: false, dependencies: [], problems: this.result.problems };
  }

  /**
   * `node` as a map, or undefined after a problem: `what` is 'job "build"', `expected` what it
   * should be. A repeated key is a problem too: GitHub rejects it, and which copy a reader
   * takes would otherwise decide what is checked.
   */
  map(node: unknown, what: string, expected: string, at?: Pair, kind?: 'invalid-entry'): YAMLMap | undefined {
    const value = resolve(this.doc, node);
    if (!isMap(value)) {
      this.problem(at?.key ?? value, `${what} is ${nodeKind(value)}, expected ${expected}`, kind);
      return undefined;
    }
    const seen = new Set<unknown>();
    for (const pair of value.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (seen.has(key)) {
        this.problem(pair.key, `${what} has the key ${quote(String(key))} twice`, kind);
        return undefined;
      }
      seen.add(key);
    }
    return value;
  }

  /** `steps:` of a job or a composite action: a list of maps. */
  steps(pair: Pair | undefined): void {
    if (!pair) return;
    const list = resolve(this.doc, pair.value);
    if (!isSeq(list)) {
      this.problem(pair.key, `"steps" is ${nodeKind(list)}, expected a list of steps`, 'invalid-entry');
      return;
    }
    list.items.forEach((item, index) => {
      const step = this.map(item, `step ${index + 1}`, 'a map (uses:, run:, with:)', undefined, 'invalid-entry');
      if (step) this.uses(pairOf(step, 'uses'));
    });
  }

  uses(pair: Pair | undefined): void {
    if (pair) usesOf(this.file, this.content, pair, resolve(this.doc, pair.value), this.lineCounter, this.result);
  }

  private problem(node: unknown, message: string, kind?: 'invalid-entry'): void {
    const offset = (node as Node | null)?.range?.[0];
    const at = offset === undefined ? undefined : this.lineCounter.linePos(offset);
    this.result.problems.push({ path: this.file.path, ...(at ? { line: at.line, column: at.col } : {}), message, ...(kind ? { kind } : {}) });
  }
}

function usesOf(file: SourceFile, content: string, pair: Pair, value: unknown, lineCounter: LineCounter, result: WorkflowResult): void {
  const key = pair.key as Node;
  const at = lineCounter.linePos(key.range?.[0] ?? 0);
  if (!isScalar(value) || typeof value.value !== 'string') {
    result.problems.push({ path: file.path, line: at.line, column: at.col, message: `uses: is ${nodeKind(value)}, expected a string (owner/repo@ref)`, kind: 'invalid-entry' });
    return;
  }
  const target = parseUses(value.value);
  if (target.kind === 'local' || target.kind === 'docker') return;
  if (target.kind === 'invalid') {
    result.problems.push({ path: file.path, line: at.line, column: at.col, message: `uses: ${quote(value.value)}: ${target.reason}`, kind: 'invalid-entry' });
    return;
  }
  result.dependencies.push(actionDependency(file, content, target, at.line, value.range?.[1]));
}
