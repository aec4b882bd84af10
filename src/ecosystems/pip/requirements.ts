/**
 * The pip requirements file format (`pip install -r`), including what pip-compile writes:
 * `name[extras]==1.2.3 ; marker`, `--hash=` options on backslash-continued lines, `# via`
 * annotations, `-r`/`-c` includes, `-e` editables, URLs and VCS references.
 */
import { normalizePythonName, parsePep508, pinnedVersion } from '../python.js';
import { ProblemList } from '../problems.js';
import { stripBom } from '../text.js';
import type { ExtractionProblem } from '../types.js';

export interface RequirementEntry {
  /** Line where the requirement starts (1-based). */
  line: number;
  /** Name as written (or as read from `#egg=` / an archive file name). */
  name: string;
  key: string;
  /** Exact version when pinned with `==` / `===`. */
  version?: string;
  /** The specifier, URL or VCS reference when not pinned. */
  requirement?: string;
  /**
   * One of pip-compile's `# via` sources is an input file (`-r requirements.in`, `pyproject.toml`)
   * rather than another package: the project asks for this one itself. Only that is kept of them.
   */
  viaInput: boolean;
}

export interface RequirementsFile {
  entries: RequirementEntry[];
  /** `-r` / `-c` files this one includes (read as manifests of their own, never inlined). */
  includes: { kind: 'requirement' | 'constraint'; path: string; line: number }[];
  /** True when the file carries pip-compile `# via` annotations. */
  annotated: boolean;
  problems: ExtractionProblem[];
}

/** A comment line (`# via x`): its trailing backslash continues nothing. */
const COMMENT_LINE = /^\s*#/;
const BLANK = /^\s*$/;

/** The line ends with a backslash that is not itself escaped (`\\`): the next line continues it. */
function endsWithContinuation(text: string): boolean {
  const last = text.length - 1;
  return text.charCodeAt(last) === 0x5c && (last === 0 || text.charCodeAt(last - 1) !== 0x5c);
}

/**
 * Hands each logical line to `visit` with the number of its first line (exported for its tests): backslash continuations
 * joined, comment-only lines left separate (they carry `# via`). The text is read in place, one
 * line at a time: a big compiled file has hundreds of thousands of lines.
 */
export function forEachLogicalLine(content: string, visit: (line: number, text: string) => void): void {
  const text = stripBom(content);
  let start = 0;
  let line = 0;
  /** The physical line at `start`, without its line break (nor a `\r` before it); moves past it. */
  const next = (): string => {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const from = start;
    start = end + 1;
    line++;
    return text.slice(from, end > from && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
  };
  while (start <= text.length) {
    const first = line + 1;
    const physical = next();
    if (!endsWithContinuation(physical) || COMMENT_LINE.test(physical) || start > text.length) {
      visit(first, physical);
      continue;
    }
    // The pieces of the logical line, joined with a space once it ends: a pip-compile entry
    // continues over one line per hash, dozens of them, and the text is not rebuilt at each.
    const pieces = [physical.slice(0, -1)];
    // The logical line is a comment if its first non-blank character is `#`: that can still
    // come from a later piece only while every piece so far is blank.
    let blankSoFar = BLANK.test(pieces[0] as string);
    for (;;) {
      const piece = next();
      if (!endsWithContinuation(piece) || (blankSoFar && COMMENT_LINE.test(piece)) || start > text.length) {
        pieces.push(piece);
        break;
      }
      pieces.push(piece.slice(0, -1));
      blankSoFar &&= BLANK.test(piece.slice(0, -1));
    }
    visit(first, pieces.join(' '));
  }
}

const LOCAL_PATH = /^(\.{1,2}(\/|$)|\/|file:|[A-Za-z]:[\\/])/;
const URL = /^([a-z][a-z0-9+.-]*:\/\/|git\+|hg\+|svn\+|bzr\+)/i;
const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;

/** The package name a URL or path names: `#egg=`, an archive file name, or the repository name. */
function nameFromUrl(url: string): string | undefined {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url);
  if (egg?.[1]) return egg[1];
  const path = url.split(/[?#]/)[0] ?? url;
  const file = path.slice(path.lastIndexOf('/') + 1);
  if (ARCHIVE.test(file)) {
    const wheel = /^([A-Za-z0-9][A-Za-z0-9._]*?)-\d/.exec(file);
    return wheel?.[1];
  }
  if (/^(git|hg|svn|bzr)\+/.test(url)) {
    const repo = /\/([^/@]+?)(?:\.git)?(?:@[^/]*)?$/.exec(path);
    return repo?.[1];
  }
  return undefined;
}

function urlEntry(url: string, line: number): RequirementEntry | undefined | 'local' {
  const name = nameFromUrl(url);
  if (!name) return LOCAL_PATH.test(url) || !URL.test(url) ? 'local' : undefined;
  return { line, name, key: normalizePythonName(name), requirement: url, viaInput: false };
}

/** Strips an inline comment: `#` at the start or after whitespace (a URL's `#egg=` stays). */
function splitComment(text: string): { body: string; comment?: string } {
  // Most logical lines (a requirement and its hashes) hold no `#` at all: one native search says so.
  if (!text.includes('#')) return { body: text };
  // A comment line (`    # via x`): its `#` is the first character after spaces and tabs, which is where the pattern finds it.
  let first = 0;
  while (text.charCodeAt(first) === 0x20 || text.charCodeAt(first) === 0x09) first++;
  if (text.charCodeAt(first) === 0x23) return { body: text.slice(0, Math.max(0, first - 1)), comment: text.slice(first + 1) };
  const match = /(^|\s)#/.exec(text);
  if (!match) return { body: text };
  return { body: text.slice(0, match.index), comment: text.slice(match.index + match[0].length) };
}

export function parseRequirements(path: string, content: string): RequirementsFile {
  const result: RequirementsFile = { entries: [], includes: [], annotated: false, problems: [] };
  // Bounded: a generated file of a million bad lines reports a hundred, then how many more.
  const problems = new ProblemList();
  let last: RequirementEntry | undefined;
  let viaOpen = false;
  forEachLogicalLine(content, (line, text) => {
    const { body, comment } = splitComment(text);
    const trimmed = body.trim();
    if (trimmed === '') {
      // A comment line: pip-compile's `# via x` or the `#   x` lines of a `# via` block.
      const note = comment?.trim() ?? '';
      const via = note.startsWith('via') ? /^via(?:\s+(.*))?$/.exec(note) : null;
      if (via && last) {
        result.annotated = true;
        const sources = viaSources(via[1] ?? '');
        last.viaInput ||= sources.input;
        viaOpen = sources.count === 0;
      } else if (viaOpen && last && comment !== undefined && /^\s{2,}\S/.test(comment)) {
        last.viaInput ||= isInputSource(note);
      } else {
        viaOpen = false;
        if (comment === undefined) last = undefined;
      }
      return;
    }
    viaOpen = false;
    last = undefined;
    const option = /^(-r|--requirement|-c|--constraint|-e|--editable)(?:\s*=\s*|\s+|(?=[^-\s]))(\S+)/.exec(trimmed);
    if (option?.[1] && option[2]) {
      const flag = option[1];
      if (flag === '-e' || flag === '--editable') {
        const entry = urlEntry(option[2], line);
        if (entry === undefined) problems.add({ path, line, message: `cannot tell the package name of editable requirement ${option[2]}` });
        else if (entry !== 'local') result.entries.push((last = entry));
      } else {
        result.includes.push({ kind: flag === '-c' || flag === '--constraint' ? 'constraint' : 'requirement', path: option[2], line });
      }
      return;
    }
    if (trimmed.startsWith('-')) return; // --index-url, --hash-only lines, --pre...
    // Per-requirement options (`--hash=...`, `--config-settings`) follow the requirement.
    const requirementText = trimmed.replace(/\s+--?[A-Za-z][\s\S]*$/, '').trim();
    let entry: RequirementEntry | undefined;
    const namedUrl = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/.test(requirementText); // PEP 508 `name @ url`
    if (!namedUrl && (URL.test(requirementText) || LOCAL_PATH.test(requirementText) || ARCHIVE.test(beforeAny(requirementText, /[;#?]/)))) {
      const fromUrl = urlEntry(requirementText.split(/\s+;/)[0] ?? requirementText, line);
      if (fromUrl === 'local') return;
      entry = fromUrl;
    } else {
      const parsed = parsePep508(requirementText);
      if (parsed) {
        const version = parsed.url === undefined ? pinnedVersion(parsed.specifier) : undefined;
        entry = {
          line,
          name: parsed.name,
          key: normalizePythonName(parsed.name),
          ...(version !== undefined ? { version } : { requirement: parsed.url ?? parsed.specifier }),
          viaInput: false,
        };
      }
    }
    if (!entry) {
      problems.add({ path, line, message: `not a requirement: ${requirementText}` });
      return;
    }
    // Old pip-compile output puts `# via a, b` on the requirement line itself.
    const inlineVia = /^\s*via\s+(.*)$/.exec(comment ?? '');
    if (inlineVia?.[1]) {
      result.annotated = true;
      entry.viaInput ||= inlineVia[1].split(',').some((source) => isInputSource(source.trim()));
    }
    result.entries.push(entry);
    last = entry;
  });
  result.problems = problems.list();
  return result;
}

/** The sources of a `# via a, b` note (comma-separated, blank ones left out): how many, and whether one is an input file. */
function viaSources(list: string): { count: number; input: boolean } {
  let count = 0;
  let input = false;
  for (let from = 0; from <= list.length; ) {
    const comma = list.indexOf(',', from);
    const end = comma === -1 ? list.length : comma;
    const source = list.slice(from, end).trim();
    if (source !== '') {
      count++;
      input ||= isInputSource(source);
    }
    from = end + 1;
  }
  return { count, input };
}

/** The text before the first match of `separator` (all of it when none): `split(separator)[0]` without the array. */
function beforeAny(text: string, separator: RegExp): string {
  const at = text.search(separator);
  return at === -1 ? text : text.slice(0, at);
}

/** A `# via` source that is an input file rather than another package: `-r requirements.in`, `pyproject.toml`. */
export function isInputSource(source: string): boolean {
  // Checked by their first and last characters first: it runs for every `# via` line of a big compiled file.
  if (source.startsWith('-')) {
    if (/^-c\s/.test(source)) return false; // a constraint only pins; it does not ask for the package
    if (/^-r\s/.test(source)) return true;
  }
  return source.endsWith('.in') || (source.endsWith(')') && /\((pyproject\.toml|setup\.py|setup\.cfg)\)$/.test(source)) || INPUT_FILES.has(source);
}

const INPUT_FILES = new Set(['pyproject.toml', 'setup.py', 'setup.cfg']);
