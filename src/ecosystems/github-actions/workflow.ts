/**
 * The `uses:` of one workflow (`.github/workflows/*.yml`) or action metadata file (`action.yml`).
 *
 * Workflows: `jobs.<id>.uses` (a reusable workflow) and `jobs.<id>.steps[*].uses`.
 * Actions: `runs.steps[*].uses` of a composite action (Docker and JavaScript actions have no steps).
 * Positions come from the yaml package's node ranges and LineCounter.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { makePurl } from '../../deps/purl.js';
import type { Dependency, ExtractionProblem, SourceFile } from '../types.js';
import { isCommitSha, parseUses, pinningOf } from './uses.js';

export interface WorkflowResult {
  /** False when the file is not valid YAML (then `problems` says where). */
  parsed: boolean;
  dependencies: Dependency[];
  problems: ExtractionProblem[];
}

export function extractWorkflow(file: SourceFile, kind: 'workflow' | 'action'): WorkflowResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.content, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const position = lineCounter.linePos(error.pos[0]);
    return {
      parsed: false,
      dependencies: [],
      problems: [{ path: file.path, line: position.line, column: position.col, message: `invalid YAML: ${error.message.split('\n')[0] ?? error.code}` }],
    };
  }
  const result: WorkflowResult = { parsed: true, dependencies: [], problems: [] };
  const root = doc.contents;
  if (!isMap(root)) return result; // empty file or not a mapping: nothing it could use
  const visit = (pair: Pair | undefined) => {
    if (pair) usesOf(file, pair, lineCounter, result);
  };
  if (kind === 'workflow') {
    const jobs = resolve(doc, root.get('jobs', true));
    if (!isMap(jobs)) return result;
    for (const job of jobs.items) {
      const body = resolve(doc, job.value as Node | null);
      if (!isMap(body)) continue;
      visit(usesPair(body));
      for (const step of steps(doc, body.get('steps', true))) visit(usesPair(step));
    }
  } else {
    const runs = resolve(doc, root.get('runs', true));
    if (isMap(runs)) for (const step of steps(doc, runs.get('steps', true))) visit(usesPair(step));
  }
  return result;
}

/** Follows an alias (`- *checkout`) to the node it names. */
function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function steps(doc: Document, node: unknown): YAMLMap[] {
  const list = resolve(doc, node);
  if (!isSeq(list)) return [];
  return list.items.map((item) => resolve(doc, item)).filter((item): item is YAMLMap => isMap(item));
}

function usesPair(map: YAMLMap): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === 'uses');
}

function usesOf(file: SourceFile, pair: Pair, lineCounter: LineCounter, result: WorkflowResult): void {
  const key = pair.key as Node;
  const at = lineCounter.linePos(key.range?.[0] ?? 0);
  const value = pair.value;
  if (!isScalar(value) || typeof value.value !== 'string') {
    result.problems.push({ path: file.path, line: at.line, column: at.col, message: 'uses: is not a string' });
    return;
  }
  const target = parseUses(value.value);
  if (target.kind === 'local' || target.kind === 'docker') return;
  if (target.kind === 'invalid') {
    result.problems.push({ path: file.path, line: at.line, column: at.col, message: `uses: ${JSON.stringify(value.value)}: ${target.reason}` });
    return;
  }
  // A SHA pin usually carries the tag it stands for as a comment (`@b4ffde6... # v4.1.1`, as
  // Dependabot and pinning tools write it): shown beside the SHA.
  const comment = isCommitSha(target.ref) ? tagComment(trailingComment(file.content, value.range?.[1])) : undefined;
  // purl-spec `githubactions`: namespace = owner, lower-cased; name = repository (lower-cased)
  // plus the path inside it, case kept; packageurl-js percent-encodes the `/` in the name.
  const name = `${target.repo.toLowerCase()}${target.path ? `/${target.path}` : ''}`;
  result.dependencies.push({
    ecosystem: 'github-actions',
    name: `${target.owner}/${target.repo}${target.path ? `/${target.path}` : ''}`,
    version: target.ref,
    ...(comment ? { tag: comment } : {}),
    pinning: pinningOf(target.ref),
    purl: makePurl('githubactions', target.owner.toLowerCase(), name, target.ref),
    manifest: file.path,
    line: at.line,
    scope: 'runtime',
    direct: true,
  });
}

/** The tag a pin comment names: `v4.1.1`, `tag=v4.1.1`, `pin @v4.1.1` -> `v4.1.1`; other comments are not tags. */
function tagComment(comment: string | undefined): string | undefined {
  if (comment === undefined) return undefined;
  const match = /(?:^|[\s=@])(v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?)\b/.exec(comment);
  return match?.[1];
}

/** The text of a `# comment` that follows offset `end` on the same line. */
function trailingComment(text: string, end: number | undefined): string | undefined {
  if (end === undefined) return undefined;
  const newline = text.indexOf('\n', end);
  const rest = text.slice(end, newline === -1 ? undefined : newline);
  const match = /^\s*#\s*(.*?)\s*$/.exec(rest);
  return match?.[1] ? match[1] : undefined;
}
