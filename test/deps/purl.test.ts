import { describe, expect, it } from '@jest/globals';
import { PackageURL } from 'packageurl-js';
import { makePurl, plainPurl, purlOf } from '../../src/deps/purl.js';
import { seededRandom } from '../helpers/random.js';

/** What packageurl-js alone makes of the parts (as makePurl hands them over): the text, or the error it throws. */
function libraryOutcome(type: string, namespace: string | undefined, name: string, version: string | undefined): string {
  try {
    return new PackageURL(type, namespace || undefined, name, version || undefined, undefined, undefined).toString();
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

function makePurlOutcome(type: string, namespace: string | undefined, name: string, version: string | undefined): string {
  try {
    return makePurl(type, namespace, name, version);
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

// Every type an ecosystem builds purls of, and some with rules of their own or that the library rewrites.
const TYPES = ['golang', 'npm', 'pypi', 'maven', 'nuget', 'gem', 'cargo', 'composer', 'githubactions', 'pub', 'conan', 'oci', 'swift', 'cran', 'huggingface', 'mlflow', 'hex', 'NPM', ' npm', 'a+b', 'x.y-z', '9x', ''];
const CHARACTERS = [...'abcxyzABCXYZ0189-._~', '/', '//', '@', '%', '%2F', ' ', '\t', ':', '+', '!', '*', "'", '(', ')', '#', '?', '&', '=', 'é', 'É', '中', '😀', '\u00a0', '\u2028'];
const NAMES = ['mux', 'core', 'spring-core', 'Django_Rest', 'requests', 'left-pad', 'serde', 'checkout', 'v7', 'Newtonsoft.Json', 'rails', 'a'];
const NAMESPACES = ['@eslint-community', '@', 'github.com/gorilla', 'github.com/stream/core', 'golang.org/x', '@babel', '@Types', 'org.springframework', 'symfony', 'actions', 'com.google.guava', '/lead', 'trail/', 'a//b'];
const VERSIONS = ['v1.8.0', 'v0.0.0-20210101120000-abcdef123456', 'v1.2.4-0.20210101120000-abcdef123456', 'v2.0.0+incompatible', 'v1.2', 'v01.2.3', 'vX', '1.0.0', '7.24.0-rc.1', '1:2.0', '2.0.0+build.5', '3.0.0.RELEASE', '11bd71901bbe5b1630ceea73d27597364c9af683', ' 1.0 ', 'V1.0.0'];

describe('makePurl: the fast path writes what packageurl-js writes', () => {
  const random = seededRandom(13);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const randomText = (maxLength: number) => Array.from({ length: Math.floor(random() * (maxLength + 1)) }, () => pick(CHARACTERS)).join('');
  /** A realistic part, sometimes with a random character put in, replaced or appended. */
  const mutated = (list: readonly string[]) => {
    const text = pick(list);
    const roll = random();
    if (roll < 0.5) return text;
    const at = Math.floor(random() * (text.length + 1));
    if (roll < 0.7) return `${text.slice(0, at)}${pick(CHARACTERS)}${text.slice(at)}`;
    if (roll < 0.85) return `${text.slice(0, at)}${pick(CHARACTERS)}${text.slice(at + 1)}`;
    return randomText(12);
  };
  const optional = (list: readonly string[]) => (random() < 0.15 ? undefined : random() < 0.05 ? '' : mutated(list));

  it('on thousands of realistic, mutated and random parts of every type', () => {
    let fast = 0;
    const cases = 20_000;
    for (let index = 0; index < cases; index++) {
      const type = random() < 0.85 ? pick(TYPES.slice(0, 9)) : pick(TYPES);
      const [namespace, name, version] = [optional(NAMESPACES), mutated(NAMES), optional(VERSIONS)];
      const expected = libraryOutcome(type, namespace, name, version);
      const context = JSON.stringify({ type, namespace, name, version });
      expect(`${context} ${makePurlOutcome(type, namespace, name, version)}`).toBe(`${context} ${expected}`);
      let fastText: string | undefined;
      try {
        fastText = plainPurl(type, { namespace: namespace || undefined, name, version: version || undefined });
      } catch (error) {
        fastText = `throws ${(error as Error).message}`;
      }
      if (fastText !== undefined) {
        fast++;
        expect(`${context} ${fastText}`).toBe(`${context} ${expected}`);
      }
    }
    // Both paths are exercised.
    expect(fast).toBeGreaterThan(cases * 0.2);
    expect(cases - fast).toBeGreaterThan(cases * 0.2);
  });

  it('builds the common purls directly, and leaves the rest to the library', () => {
    // Expected texts by hand from the purl spec.
    expect(plainPurl('golang', { namespace: 'github.com/gorilla', name: 'mux', version: 'v1.8.0' })).toBe('pkg:golang/github.com/gorilla/mux@v1.8.0');
    expect(plainPurl('golang', { namespace: 'github.com/x', name: 'y', version: 'v2.0.0+incompatible' })).toBe('pkg:golang/github.com/x/y@v2.0.0+incompatible');
    expect(plainPurl('maven', { namespace: 'org.springframework', name: 'spring-core', version: '5.3.0' })).toBe('pkg:maven/org.springframework/spring-core@5.3.0');
    expect(plainPurl('npm', { namespace: undefined, name: 'left-pad', version: undefined })).toBe('pkg:npm/left-pad');
    // pypi's rules are the library's: lower case, `_` as `-`.
    expect(plainPurl('pypi', { namespace: undefined, name: 'Django_Rest', version: '1.0' })).toBe('pkg:pypi/django-rest@1.0');
    // An npm scope's `@` is percent-encoded; anywhere else, the library encodes it.
    expect(plainPurl('npm', { namespace: '@babel', name: 'core', version: '7.0.0' })).toBe('pkg:npm/%40babel/core@7.0.0');
    expect(plainPurl('npm', { namespace: '@Types', name: 'node', version: undefined })).toBe('pkg:npm/%40types/node');
    expect(plainPurl('npm', { namespace: 'a@b', name: 'core', version: undefined })).toBeUndefined();
    expect(makePurl('npm', 'a@b', 'core')).toBe('pkg:npm/a%40b/core');
    // Characters that need encoding or trimming: the library's.
    expect(plainPurl('gem', { namespace: undefined, name: 'a b', version: '1' })).toBeUndefined();
    expect(plainPurl('golang', { namespace: '/lead', name: 'x', version: undefined })).toBeUndefined();
  });

  it('fails as the library fails: a golang `v` version that is not semver, a maven artifact without a group', () => {
    // packageurl-js 2.0.1's golang check throws a ReferenceError (it names a `throws` it does not take): still a throw.
    expect(() => makePurl('golang', 'github.com/x', 'y', 'v1.2')).toThrow();
    expect(purlOf('golang', 'github.com/x', 'y', 'v01.2.3')).toBeUndefined();
    expect(purlOf('maven', undefined, 'spring-core', '5.3.0')).toBeUndefined();
    expect(purlOf('npm', undefined, '', '1.0.0')).toBeUndefined();
  });
});
