import { PackageURL } from 'packageurl-js';

/**
 * Builds a package URL without qualifiers (DESIGN.md "Package identity"). packageurl-js applies
 * each type's normalisation (npm scope in the namespace, pypi lower-case...) and the percent
 * encoding, so ecosystems never hand-assemble purl strings.
 */
export function makePurl(type: string, namespace: string | undefined, name: string, version?: string): string {
  return flattened(new PackageURL(type, namespace || undefined, name, version || undefined, undefined, undefined).toString());
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
