/**
 * Path globs of the policy (`paths[].match`): `*` within a segment, `**` across segments, `?` one
 * character, everything else literal. Matched by a small state machine, not a RegExp: the
 * RegExp this replaces backtracked (`**` and `/` ten times, then `zzz`, took minutes on a deep path). Here
 * a match costs at most (pattern length × path length) steps, whatever the pattern.
 *
 * Our own matcher rather than picomatch or minimatch: those give `{a,b}`, `[...]`, `!(...)` and
 * dotfile rules a meaning, which would silently change what existing policies match.
 */

/** Longer `match` globs are a policy error: real ones are a few dozen characters. */
export const MAX_GLOB_LENGTH = 512;

const LITERAL = 0;
/** `?`: one character other than `/`. */
const ONE = 1;
/** `*`: any run of characters other than `/`. */
const STAR = 2;
/** `**` not followed by `/`: any run of characters, `/` included. */
const ANY = 3;
/**
 * `**` then `/`: nothing, or any run of characters ending with `/` (so `a/**` + `/b` matches
 * `a/b`). Two positions: DIRS consumes nothing and leads to DIRS_RUN or past it; DIRS_RUN takes
 * any character and may leave only after a `/` (skipping it after `x` would let `a/**` + `/b` match `a/xb`).
 */
const DIRS = 4;
const DIRS_RUN = 5;
const SLASH = 0x2f;

export interface GlobMatcher {
  readonly glob: string;
  test(path: string): boolean;
}

/** Why `glob` can't be a `match` pattern, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  return glob.length > MAX_GLOB_LENGTH ? `the glob is ${glob.length} characters long; a glob may be at most ${MAX_GLOB_LENGTH}` : undefined;
}

/** Compiled globs by their text: a policy's few globs are compiled once, not per path. */
const compiled = new Map<string, GlobMatcher>();
/** Bounds both caches (a long-running app sees many policies; a monorepo many paths). */
const MAX_CACHED = 4096;

/** The matcher for `glob`, compiled on first use. */
export function compileGlob(glob: string): GlobMatcher {
  let matcher = compiled.get(glob);
  if (matcher === undefined) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    matcher = buildMatcher(glob);
    compiled.set(glob, matcher);
  }
  return matcher;
}

/** Does `glob` match the whole of `path`? */
export function matchesGlob(glob: string, path: string): boolean {
  return compileGlob(glob).test(path);
}

function buildMatcher(glob: string): GlobMatcher {
  const kinds: number[] = [];
  const chars: number[] = []; // the character of each LITERAL position (0 elsewhere)
  const push = (kind: number, char = 0) => {
    kinds.push(kind);
    chars.push(char);
  };
  for (let i = 0; i < glob.length; i++) {
    const code = glob.charCodeAt(i);
    if (code === 0x2a /* * */ && glob.charCodeAt(i + 1) === 0x2a) {
      const dirs = glob.charCodeAt(i + 2) === SLASH;
      if (dirs) push(DIRS);
      push(dirs ? DIRS_RUN : ANY);
      i += dirs ? 2 : 1;
    } else if (code === 0x2a) push(STAR);
    else if (code === 0x3f /* ? */) push(ONE);
    else push(LITERAL, code);
  }
  // Many lookups are for the same path (every dependency of one lockfile): remember the answers.
  const answers = new Map<string, boolean>();
  return {
    glob,
    test(path: string): boolean {
      let answer = answers.get(path);
      if (answer === undefined) {
        if (answers.size >= MAX_CACHED) answers.clear();
        answer = run(kinds, chars, path);
        answers.set(path, answer);
      }
      return answer;
    },
  };
}

/**
 * Simulates the pattern as a set of positions (Thompson's construction): after each character of
 * the path, the positions the pattern could be at. Wildcards may match nothing, so a position on
 * one also stands for the next (`close`).
 */
function run(kinds: readonly number[], chars: readonly number[], path: string): boolean {
  const end = kinds.length;
  let current = new Uint8Array(end + 1);
  let next = new Uint8Array(end + 1);
  current[0] = 1;
  close(kinds, current);
  for (let p = 0; p < path.length; p++) {
    const code = path.charCodeAt(p);
    next.fill(0);
    let alive = false;
    for (let i = 0; i < end; i++) {
      if (current[i] === 0) continue;
      switch (kinds[i]) {
        case LITERAL:
          if (code === chars[i]) next[i + 1] = 1;
          break;
        case ONE:
          if (code !== SLASH) next[i + 1] = 1;
          break;
        case STAR:
          if (code !== SLASH) next[i] = 1;
          break;
        case ANY:
          next[i] = 1;
          break;
        case DIRS_RUN:
          next[i] = 1;
          if (code === SLASH) next[i + 1] = 1;
          break;
        // DIRS consumes nothing: `close` has moved on from it.
      }
    }
    close(kinds, next);
    for (let i = 0; i <= end && !alive; i++) alive = next[i] === 1;
    if (!alive) return false;
    [current, next] = [next, current];
  }
  return current[end] === 1;
}

/**
 * Positions on a star also stand for the position after it (the star matching nothing); DIRS
 * for both the run and the position after the run. Moves only forward, so one pass does it.
 */
function close(kinds: readonly number[], positions: Uint8Array): void {
  for (let i = 0; i < kinds.length; i++) {
    if (positions[i] !== 1) continue;
    const kind = kinds[i];
    if (kind === STAR || kind === ANY) positions[i + 1] = 1;
    else if (kind === DIRS) {
      positions[i + 1] = 1;
      positions[i + 2] = 1;
    }
  }
}
