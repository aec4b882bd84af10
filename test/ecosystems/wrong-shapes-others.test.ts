/**
 * Wrong shapes everywhere (issue 12, "internal messages must never reach users"): every value of
 * a small valid file of each format is replaced in turn by a value of another kind, and the
 * extraction must neither throw nor say anything but what is wrong in the file.
 */
import { describe, expect, it } from '@jest/globals';
import { stringify as tomlStringify } from 'smol-toml';
import { stringify as yamlStringify } from 'yaml';
import { cargo } from '../../src/ecosystems/cargo/index.js';
import { composer } from '../../src/ecosystems/composer/index.js';
import { githubActions } from '../../src/ecosystems/github-actions/index.js';
import { go } from '../../src/ecosystems/go/index.js';
import { gradle } from '../../src/ecosystems/gradle/index.js';
import { maven } from '../../src/ecosystems/maven/index.js';
import { nuget } from '../../src/ecosystems/nuget/index.js';
import { pip } from '../../src/ecosystems/pip/index.js';
import { pipenv } from '../../src/ecosystems/pipenv/index.js';
import { poetry } from '../../src/ecosystems/poetry/index.js';
import { rubygems } from '../../src/ecosystems/rubygems/index.js';
import type { Ecosystem, SourceFile } from '../../src/ecosystems/types.js';
import { uv } from '../../src/ecosystems/uv/index.js';

/** Words that only an internal error, never a message about a file, would contain. */
const INTERNAL = /Cannot read prop|is not a function|is not iterable|is not defined|undefined|\[object |NaN|Invalid purl|call stack|Invalid array length|reader failed/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every copy of `value` with one node (at any depth) replaced by each of `replacements`. */
function* mutations(value: Json, replacements: readonly Json[]): Generator<Json> {
  for (const replacement of replacements) yield replacement;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) for (const inner of mutations(value[i] as Json, replacements)) yield value.map((item, j) => (j === i ? inner : item));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) for (const inner of mutations(value[key] as Json, replacements)) yield { ...value, [key]: inner };
  }
}

function expectOnlyFileMessages(ecosystem: Ecosystem, files: SourceFile[]): void {
  let extraction;
  try {
    extraction = ecosystem.extract(files);
  } catch (error) {
    throw new Error(`${ecosystem.id} threw on ${JSON.stringify(files).slice(0, 300)}: ${String(error)}`);
  }
  for (const problem of extraction.problems) {
    expect(typeof problem.message).toBe('string');
    if (problem.message === '' || INTERNAL.test(problem.message)) throw new Error(`${ecosystem.id}: "${problem.message}" for ${JSON.stringify(files).slice(0, 300)}`);
  }
  for (const dependency of extraction.dependencies) {
    expect(typeof dependency.name).toBe('string');
    expect(dependency.purl).toMatch(/^pkg:/);
  }
}

const JSON_VALUES: Json[] = [null, [], {}, 5, 'x', '', true];
const TOML_VALUES: Json[] = [[], {}, 5, 'x', '', true];

const jsonCases: [string, Ecosystem, Json][] = [
  ['packages.lock.json', nuget, { version: 1, dependencies: { 'net8.0': { A: { type: 'Direct', requested: '[1.0, )', resolved: '1.0.0' } } } }],
  ['composer.lock', composer, { packages: [{ name: 'a/b', version: '1.0.0', license: ['MIT'], dist: { type: 'zip' } }], 'packages-dev': [] }],
  ['composer.json', composer, { require: { 'a/b': '^1.0' }, 'require-dev': { 'c/d': '^2' } }],
  ['Pipfile.lock', pipenv, { _meta: { hash: {} }, default: { requests: { version: '==2.31.0', git: 'https://x', ref: 'main' } }, develop: {} }],
];

const tomlCases: [string, Ecosystem, Json][] = [
  ['Cargo.lock', cargo, { version: 3, package: [{ name: 'a', version: '1.0.0', source: 'registry+x', dependencies: ['b'] }, { name: 'b', version: '2.0.0', source: 'registry+x' }] }],
  ['Cargo.toml', cargo, { package: { name: 'x' }, dependencies: { serde: '1.0', tokio: { version: '1', package: 'tokio' } }, target: { linux: { dependencies: { a: '1' } } }, workspace: { dependencies: { b: '2' } } }],
  ['poetry.lock', poetry, { package: [{ name: 'requests', version: '2.31.0', groups: ['main'], source: { type: 'legacy' }, dependencies: { idna: '>=2' } }] }],
  ['uv.lock', uv, { version: 1, package: [{ name: 'requests', version: '2.31.0', source: { registry: 'x' }, dependencies: [{ name: 'idna', extra: ['a'] }], 'optional-dependencies': { s: [{ name: 'b' }] } }] }],
  ['pyproject.toml', uv, { project: { name: 'x', dependencies: ['requests>=2'], 'optional-dependencies': { a: ['b'] } }, 'dependency-groups': { dev: ['pytest'] }, tool: { uv: { 'dev-dependencies': ['c'] }, poetry: { dependencies: { d: '^1' }, group: { dev: { dependencies: { e: '*' } } } } } }],
  ['Pipfile', pipenv, { packages: { requests: '*', flask: { version: '==3.0' } }, 'dev-packages': { pytest: '*' } }],
];

describe('wrong shapes in every other format never reach users as internal errors', () => {
  it.each(jsonCases)('%s', (path, ecosystem, document) => {
    for (const mutated of mutations(document, JSON_VALUES)) expectOnlyFileMessages(ecosystem, [{ path, content: JSON.stringify(mutated, null, 2) }]);
  });

  it.each(tomlCases)('%s', (path, ecosystem, document) => {
    const companion = path === 'pyproject.toml' ? [{ path: 'uv.lock', content: 'version = 1\n' }] : [];
    for (const mutated of mutations(document, TOML_VALUES)) {
      // A TOML document is a table: a mutation of the top level itself has no TOML text.
      if (mutated === null || typeof mutated !== 'object' || Array.isArray(mutated)) continue;
      expectOnlyFileMessages(ecosystem, [{ path, content: tomlStringify(mutated) }, ...companion]);
    }
  });

  it('workflows and actions', () => {
    const workflow: Json = { on: 'push', jobs: { a: { 'runs-on': 'x', steps: [{ uses: 'actions/checkout@v4' }, { run: 'x' }] }, b: { uses: 'o/r/.github/workflows/w.yml@v1' } } };
    const action: Json = { name: 'x', runs: { using: 'composite', steps: [{ uses: 'actions/setup-node@v4' }] } };
    for (const mutated of mutations(workflow, JSON_VALUES)) expectOnlyFileMessages(githubActions, [{ path: '.github/workflows/ci.yml', content: yamlStringify(mutated) }]);
    for (const mutated of mutations(action, JSON_VALUES)) expectOnlyFileMessages(githubActions, [{ path: 'action.yml', content: yamlStringify(mutated) }]);
  });

  it('pom.xml: every element emptied, given an element instead of text, or text instead of elements', () => {
    const elements = ['groupId', 'artifactId', 'version', 'parent', 'properties', 'p', 'dependencies', 'dependency', 'scope', 'type', 'dependencyManagement'];
    const pom = '<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent><groupId>g</groupId><artifactId>a</artifactId><version>1</version><properties><p>1.0</p></properties><dependencyManagement><dependencies><dependency><groupId>m</groupId><artifactId>n</artifactId><version>${p}</version><scope>import</scope><type>pom</type></dependency></dependencies></dependencyManagement><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>${p}</version><scope>test</scope></dependency></dependencies></project>';
    for (const name of elements) {
      for (const inner of ['', '<x/>', 'text', '${p}', '${missing}']) {
        expectOnlyFileMessages(maven, [{ path: 'pom.xml', content: pom.replace(new RegExp(`<${name}>(?:(?!</${name}>).)*</${name}>`, 'g'), `<${name}>${inner}</${name}>`) }]);
      }
    }
  });

  it('line formats: odd characters at every line start and end', () => {
    const files: [Ecosystem, string, string][] = [
      [go, 'go.mod', 'module m\n\nrequire (\n\tgithub.com/a/b v1.0.0 // indirect\n)\nreplace a => ../b\ntool github.com/a/b/cmd\n'],
      [rubygems, 'Gemfile.lock', 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.0.0)\n      rack (>= 2)\n\nDEPENDENCIES\n  rails!\n'],
      [pip, 'requirements.txt', 'requests==2.31.0 \\\n    --hash=sha256:abc\n    # via -r requirements.in\n-e git+https://x/y.git#egg=y\n'],
      [gradle, 'gradle.lockfile', 'org.x:a:1.0=runtimeClasspath,testCompileClasspath\nempty=\n'],
    ];
    const odd = ['\u00a0', '\ufeff', '\f', '\u2028', '\u0000', '(', ')', '"', '`', '=>', '//', '!', ':', '='];
    for (const [ecosystem, path, content] of files) {
      const lines = content.split('\n');
      for (let i = 0; i < lines.length; i++) {
        for (const character of odd) {
          for (const line of [`${character}${lines[i]}`, `${lines[i]}${character}`]) {
            expectOnlyFileMessages(ecosystem, [{ path, content: lines.map((text, j) => (j === i ? line : text)).join('\n') }]);
          }
        }
      }
    }
  });
});
