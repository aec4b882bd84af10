/**
 * The dependency one `uses:` value names, as both readers (workflow.ts's fast one and
 * document-reader.ts) report it: the same fields, in the same order.
 */
import { makePurl } from '../../deps/purl.js';
import type { Dependency, SourceFile } from '../types.js';
import { isCommitSha, pinningOf, type UsesTarget } from './uses.js';

type ActionTarget = Extract<UsesTarget, { kind: 'action' }>;

/**
 * `valueEnd` is the offset just after the value in `content`: a SHA pin usually carries the tag
 * it stands for as a comment there (`@b4ffde6... # v4.1.1`, as Dependabot and pinning tools
 * write it), shown beside the SHA.
 */
export function actionDependency(file: SourceFile, content: string, target: ActionTarget, line: number, valueEnd: number | undefined): Dependency {
  const comment = isCommitSha(target.ref) ? tagComment(trailingComment(content, valueEnd)) : undefined;
  // purl-spec `githubactions`: namespace = owner, lower-cased; name = repository (lower-cased)
  // plus the path inside it, case kept; packageurl-js percent-encodes the `/` in the name.
  const purl = flat(makePurl('githubactions', target.owner.toLowerCase(), `${target.repo.toLowerCase()}${target.path ? `/${target.path}` : ''}`, target.ref));
  const pinning = pinningOf(target.ref);
  const { name, ref } = target;
  // Two literals, not a spread of the optional tag: a spread costs a few microseconds a
  // dependency (a 20 MB repository has 140k), and the fields keep this order either way.
  return comment
    ? { ecosystem: 'github-actions', name, version: ref, tag: comment, pinning, purl, manifest: file.path, line, scope: 'runtime', direct: true }
    : { ecosystem: 'github-actions', name, version: ref, pinning, purl, manifest: file.path, line, scope: 'runtime', direct: true };
}

/**
 * `text` stored as one string. packageurl-js builds a purl from many pieces, and V8 keeps the
 * result as a tree of them (about 380 bytes for an action's purl, 120 flat) until a character
 * is read; every dependency keeps its purl for the whole run (a 20 MB repository: 140k of them).
 * Redundant, and harmless, once makePurl returns flat strings itself.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
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
