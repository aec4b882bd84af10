/**
 * Follows `extends` from a policy file to the files it names, through a reader (the port: the
 * app reads through GitHub, the CLI from disk, git or GitHub), so that loadPolicy, which stays
 * sync, gets them read. At most MAX_EXTENDS_DEPTH files deep; a file named twice is a cycle.
 * Pure apart from the reader.
 */
import { extendsOf, type PolicySource } from './load.js';
import { parsePolicyReference, referenceName, sameFileKey, type FileReference } from './reference.js';
import type { PolicyError } from './types.js';

/** How many files a chain may extend, the file itself not counted (a preset at its end neither). */
export const MAX_EXTENDS_DEPTH = 5;

/**
 * Thrown by a reader when the read could not be done at all (the network, GitHub answering 5xx
 * or 429): not a fact about the file, so not a policy error. It goes up to the caller, whose
 * check then ends neutral saying what could not be read, never failing on an outage.
 */
export class PolicyReadInterrupted extends Error {
  override readonly name = 'PolicyReadInterrupted';
}

export interface PolicyReader {
  /**
   * The file `reference` names, read; `from` is the name of the file that names it (a local path
   * is relative to it). The answer's `path` is the file's name in the chain and in errors
   * (`acme/policies:base.yml@v1`). What could not be read is `unreadable`, with why; it rejects
   * (PolicyReadInterrupted) only when the read could not be done at all.
   */
  read(reference: FileReference, from: string): Promise<PolicySource>;
}

/** The source with its `extended` parents read. A source already followed is returned as it is. */
export async function resolveExtends(source: PolicySource, reader: PolicyReader): Promise<PolicySource> {
  if (source.extended !== undefined) return source;
  const parents: PolicySource[] = [];
  const errors: PolicyError[] = [];
  const names = [source.path];
  for (let current = source; ; ) {
    const named = extendsOf(current);
    const parsed = named === undefined ? undefined : parsePolicyReference(named.name);
    // Nothing to read: no `extends`, a preset, or a bad reference (loadPolicy reports those).
    if (named === undefined || !parsed?.ok || parsed.reference.kind === 'preset') break;
    const at = { path: current.path, ...named.at };
    if (parents.length >= MAX_EXTENDS_DEPTH) {
      errors.push({ ...at, message: `extends: ${named.name}: the chain is deeper than ${MAX_EXTENDS_DEPTH} files (${[...names, named.name].join(' -> ')})` });
      break;
    }
    const parent = await readParent(reader, parsed.reference, current.path);
    if (names.some((name) => sameFileKey(name) === sameFileKey(parent.path))) {
      errors.push({ ...at, message: `extends: ${parent.path} makes a cycle: ${[...names, parent.path].join(' -> ')}` });
      break;
    }
    if (parent.unreadable !== undefined) {
      errors.push({ ...at, message: `extends: ${parent.path} could not be read: ${parent.unreadable}` });
      break;
    }
    parents.push(parent);
    names.push(parent.path);
    current = parent;
  }
  return { ...source, extended: { parents, errors } };
}

/** Both layers followed; the same parent named in both is read once. */
export async function resolvePolicySources<T extends { org?: PolicySource; repo?: PolicySource }>(sources: T, reader: PolicyReader): Promise<T> {
  const shared = onceEach(reader);
  const [org, repo] = await Promise.all([sources.org && resolveExtends(sources.org, shared), sources.repo && resolveExtends(sources.repo, shared)]);
  return { ...sources, ...(org ? { org } : {}), ...(repo ? { repo } : {}) };
}

async function readParent(reader: PolicyReader, reference: FileReference, from: string): Promise<PolicySource> {
  try {
    return await reader.read(reference, from);
  } catch (error) {
    if (error instanceof PolicyReadInterrupted) throw error;
    // A reader that throws still names the file and says why: never a silent fallback.
    return { path: referenceName(reference), text: '', unreadable: error instanceof Error ? error.message : String(error) };
  }
}

/** A reader that reads a GitHub file (same owner, repository, path and ref) once. Local paths depend on `from`: read each time. */
function onceEach(reader: PolicyReader): PolicyReader {
  const read = new Map<string, Promise<PolicySource>>();
  return {
    read(reference, from) {
      if (reference.kind !== 'github') return reader.read(reference, from);
      const key = sameFileKey(referenceName(reference));
      const known = read.get(key) ?? reader.read(reference, from);
      read.set(key, known);
      return known;
    },
  };
}
