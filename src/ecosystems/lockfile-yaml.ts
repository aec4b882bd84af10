/**
 * YAML for lockfiles (pnpm-lock.yaml, berry's yarn.lock), read with js-yaml.
 *
 * Why js-yaml and not `yaml`: pnpm and yarn read their own lockfiles with js-yaml, so we read
 * what they read; and it is linear where `yaml` is not (its duplicate-key check compares every
 * key with every other one: 10k packages took 38 s, a 20 MB lockfile never finished; with that
 * check off it still took 11 s and 1.1 GB, js-yaml 0.9 s and 200 MB). js-yaml's own duplicate
 * check is a hash lookup per key, its nesting is capped (maxDepth), and it keeps `__proto__` as
 * an own key.
 *
 * Anchors and aliases: neither tool writes them. js-yaml resolves an alias to the same object,
 * so a few bytes (`*big` in every entry) would make the walks over entries cost the product of
 * two sizes; a lockfile that shares a node is refused.
 */
import { FAILSAFE_SCHEMA, load, YAMLException } from 'js-yaml';
import { LineCounter } from '../deps/lines.js';

export type YamlResult = { ok: true; value: unknown } | { ok: false; message: string; line?: number; column?: number };

/**
 * Parses `text` (BOM already stripped) with the failsafe schema: every scalar stays a string
 * (`1.10` stays `1.10`), as both tools read their files.
 */
export function loadLockfileYaml(text: string): YamlResult {
  let value: unknown;
  try {
    value = load(text, { schema: FAILSAFE_SCHEMA });
  } catch (error) {
    if (error instanceof YAMLException) {
      const mark = error.mark as { line?: number; column?: number } | undefined;
      return {
        ok: false,
        message: `invalid YAML: ${error.reason}`,
        ...(mark?.line !== undefined ? { line: mark.line + 1 } : {}),
        ...(mark?.column !== undefined ? { column: mark.column + 1 } : {}),
      };
    }
    return { ok: false, message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (text.includes('&') && sharesANode(value)) {
    return { ok: false, message: 'uses YAML anchors and aliases (&name, *name), which lockfiles never contain', ...anchorLine(text) };
  }
  return { ok: true, value };
}

/** True when one map or list is reached twice (an alias): one pass, every node visited once. */
function sharesANode(root: unknown): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const key of Object.keys(node)) pending.push((node as Record<string, unknown>)[key]);
  }
  return false;
}

/** The line of the first anchor (`&name` starting a node), to point at; none found, no line. */
function anchorLine(text: string): { line?: number } {
  const match = /(?:^|[\s:[{,-])&[^\s,[\]{}]/m.exec(text);
  return match ? { line: new LineCounter(text).lineOf(match.index + match[0].indexOf('&')) } : {};
}
