import { PackageURL, type PurlTypeEntry } from 'packageurl-js';

/**
 * Builds a package URL without qualifiers (DESIGN.md "Package identity"). packageurl-js applies
 * each type's normalisation (npm scope in the namespace, pypi lower-case...) and the percent
 * encoding, so ecosystems never hand-assemble purl strings.
 */
export function makePurl(type: string, namespace: string | undefined, name: string, version?: string): string {
  const parts = { namespace: namespace || undefined, name, version: version || undefined };
  return flattened(plainPurl(type, parts) ?? new PackageURL(type, parts.namespace, name, parts.version, undefined, undefined).toString());
}

/** What makePurl's fast path is given, and what a type's own rules may rewrite. */
interface Parts {
  namespace: string | undefined;
  name: string;
  version: string | undefined;
}

/**
 * The purl of parts that packageurl-js would write as they are, built directly: it costs the
 * library ~1.5 µs per package (trimming, collapsing slashes, encodeURIComponent and its undoing,
 * per part), which a 100k-package lockfile pays 100k times. Parts made only of characters that
 * trimming and percent-encoding leave alone need none of that. The type's own rules (npm and
 * pypi lower-case, maven needs a namespace, golang checks `v` versions) are the library's, run on
 * these parts exactly as its constructor runs them. Anything else: undefined, and the library
 * builds the purl (test/deps/purl.test.ts holds both to the same output).
 */
export function plainPurl(type: string, parts: Parts): string | undefined {
  if (!PLAIN_TYPE.test(type) || !PLAIN_NAME.test(parts.name)) return undefined;
  if ((parts.namespace !== undefined && !PLAIN_NAMESPACE.test(parts.namespace)) || (parts.version !== undefined && !PLAIN_VERSION.test(parts.version))) return undefined;
  const typeRules = (PackageURL.Type as Partial<Record<string, PurlTypeEntry>>)[type];
  let { namespace, name, version } = parts;
  if (typeRules) {
    const normalised = { type, namespace, name, version, qualifiers: undefined, subpath: undefined };
    // The type rules only read and write these six fields (packageurl-js purl-type.js); they throw as the constructor would.
    const asPurl = normalised as unknown as PackageURL;
    typeRules.normalize(asPurl);
    typeRules.validate(asPurl, true);
    ({ namespace, name, version } = normalised);
  }
  return `pkg:${type}/${namespace !== undefined ? `${encodedScope(namespace)}/` : ''}${name}${version !== undefined ? `@${version}` : ''}`;
}

/*
 * What the library writes as it is: characters encodeURIComponent leaves alone (none is white
 * space, so trimming leaves them too), non-empty. A type as its rules want it (lower case, a
 * letter first). A namespace's segments one `/` apart (the library collapses doubled ones and
 * strips them at the ends) and an npm scope's leading `@` (a third of an npm lockfile), which the
 * fast path writes `%40` as the library does. A version's `+` and `:` (the library encodes them,
 * then restores them).
 */
const PLAIN_TYPE = /^[a-z][a-z0-9.-]*$/;
const PLAIN_NAME = /^[A-Za-z0-9._~-]+$/;
const PLAIN_NAMESPACE = /^@?[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/;
const PLAIN_VERSION = /^[A-Za-z0-9._~+:-]+$/;

/** An npm scope's leading `@`, percent-encoded (the only character the fast path encodes). */
function encodedScope(namespace: string): string {
  return namespace.startsWith('@') ? `%40${namespace.slice(1)}` : namespace;
}

/**
 * The same text as one flat string. packageurl-js concatenates a purl from eight or so pieces,
 * and V8 keeps such a string as a tree of them (~300 bytes where the text needs ~60) until
 * something reads a character: every Dependency holds its purl for the whole run, so one
 * character is read here, which makes V8 copy the text flat and drop the pieces.
 */
function flattened(text: string): string {
  text.charCodeAt(0);
  return text;
}

/**
 * makePurl, or undefined where packageurl-js refuses the parts (an empty or blank name, a Maven
 * artifact without a group): names come from files, and the caller reports the entry instead.
 */
export function purlOf(type: string, namespace: string | undefined, name: string, version?: string): string | undefined {
  try {
    return makePurl(type, namespace, name, version);
  } catch {
    return undefined;
  }
}

/** Splits `@scope/name` into namespace and name, as npm-like ecosystems write package names. */
export function splitScopedName(fullName: string): { namespace?: string; name: string } {
  if (fullName.startsWith('@')) {
    const slash = fullName.indexOf('/');
    if (slash > 0) return { namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
  }
  return { name: fullName };
}

/** The parts of a purl string, or undefined if it does not parse. */
export function parsePurl(purl: string): { type: string; namespace?: string; name: string; version?: string } | undefined {
  try {
    const parsed = PackageURL.fromString(purl);
    return {
      type: parsed.type,
      ...(parsed.namespace ? { namespace: parsed.namespace } : {}),
      name: parsed.name,
      ...(parsed.version ? { version: parsed.version } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The purl of the same package without its version: the key packages are matched on. */
export function purlWithoutVersion(purl: string): string {
  const at = purl.lastIndexOf('@');
  const slash = purl.lastIndexOf('/');
  return at > slash ? purl.slice(0, at) : purl;
}
