import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Dependency } from '../../src/ecosystems/types.js';
import { licenseSourcesFromEnv } from '../../src/metadata/config.js';
import { depsDevSource } from '../../src/metadata/deps-dev.js';
import { npmRegistrySource } from '../../src/metadata/npm-registry.js';
import { createLicenseCache, resolveLicenses } from '../../src/metadata/resolve.js';

const REGISTRY = 'https://registry.example.test';
const DEPS_DEV = 'https://depsdev.example.test';

function npmDep(name: string, version: string, purl: string, license?: string): Dependency {
  return { ecosystem: 'npm', name, version, purl, manifest: 'package-lock.json', scope: 'runtime', direct: true, ...(license ? { license } : {}) };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('license sources', () => {
  it('asks the npm registry for the exact version, scope slash encoded, and reads license or old licenses arrays', async () => {
    nock(REGISTRY).get('/@babel%2Fcore/7.24.0').reply(200, { name: '@babel/core', version: '7.24.0', license: 'MIT' });
    nock(REGISTRY).get('/old-style/1.0.0').reply(200, { licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] });
    const source = npmRegistrySource(REGISTRY);
    expect(await source.licenseOf(npmDep('@babel/core', '7.24.0', 'pkg:npm/%40babel/core@7.24.0'))).toBe('MIT');
    expect(await source.licenseOf(npmDep('old-style', '1.0.0', 'pkg:npm/old-style@1.0.0'))).toBe('(MIT) OR (Apache-2.0)');
  });

  it('asks deps.dev with the ecosystem system name and Maven group:artifact names', async () => {
    nock(DEPS_DEV).get('/v3/systems/MAVEN/packages/org.slf4j%3Aslf4j-api/versions/2.0.9').reply(200, { licenses: ['MIT'] });
    const source = depsDevSource(DEPS_DEV);
    const dependency: Dependency = { ecosystem: 'maven', name: 'org.slf4j:slf4j-api', version: '2.0.9', purl: 'pkg:maven/org.slf4j/slf4j-api@2.0.9', manifest: 'pom.xml', scope: 'runtime', direct: true };
    expect(source.supports(dependency)).toBe(true);
    expect(await source.licenseOf(dependency)).toBe('MIT');
  });

  it('has no sources offline', () => {
    expect(licenseSourcesFromEnv({ OSPO_OFFLINE: '1' })).toEqual([]);
    expect(licenseSourcesFromEnv({ OSPO_NPM_REGISTRY: REGISTRY }).map((s) => s.name)).toEqual([`npm registry (${REGISTRY})`, 'deps.dev (https://api.deps.dev)']);
  });
});

describe('resolveLicenses', () => {
  it('looks up only packages without a license, once per purl, and caches the answers', async () => {
    const scope = nock(REGISTRY).get('/a/1.0.0').once().reply(200, { license: 'ISC' });
    const cache = createLicenseCache();
    const deps = [npmDep('a', '1.0.0', 'pkg:npm/a@1.0.0'), npmDep('a', '1.0.0', 'pkg:npm/a@1.0.0'), npmDep('b', '1.0.0', 'pkg:npm/b@1.0.0', 'MIT')];
    const first = await resolveLicenses(deps, [npmRegistrySource(REGISTRY)], cache);
    expect(first.licenses.get('pkg:npm/a@1.0.0')).toEqual({ license: 'ISC', source: `npm registry (${REGISTRY})` });
    expect(scope.isDone()).toBe(true);
    const second = await resolveLicenses(deps, [npmRegistrySource(REGISTRY)], cache); // no request: nock would throw
    expect(second.licenses.get('pkg:npm/a@1.0.0')?.license).toBe('ISC');
  });

  it('falls through to the next source when one has no license, and reports a failing source', async () => {
    nock(REGISTRY).get('/c/1.0.0').reply(200, { name: 'c' });
    nock(DEPS_DEV).get('/v3/systems/NPM/packages/c/versions/1.0.0').reply(200, { licenses: ['BSD-3-Clause'] });
    nock(REGISTRY).get('/d/1.0.0').reply(503, 'down');
    nock(DEPS_DEV).get('/v3/systems/NPM/packages/d/versions/1.0.0').reply(404, {});
    const result = await resolveLicenses(
      [npmDep('c', '1.0.0', 'pkg:npm/c@1.0.0'), npmDep('d', '1.0.0', 'pkg:npm/d@1.0.0')],
      [npmRegistrySource(REGISTRY), depsDevSource(DEPS_DEV)],
    );
    expect(result.licenses.get('pkg:npm/c@1.0.0')?.license).toBe('BSD-3-Clause');
    expect(result.licenses.has('pkg:npm/d@1.0.0')).toBe(false);
    expect(result.failures.get('pkg:npm/d@1.0.0')).toBe(`npm registry (${REGISTRY}): HTTP 503`);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'metadata/unavailable', severity: 'warning', message: `npm registry (${REGISTRY}) could not be reached for 1 package (HTTP 503); their licenses count as unknown` }),
    ]);
  });
});
