import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { composer } from '../../../src/ecosystems/composer/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/composer/${name}`, import.meta.url), 'utf8');
const files = [
  { path: 'app/composer.json', content: fixture('composer.json') },
  { path: 'app/composer.lock', content: fixture('composer.lock') },
];

describe('composer.lock + composer.json', () => {
  const result = composer.extract(files);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));

  it('reads packages and packages-dev, skipping path-repository packages', () => {
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => d.purl).sort()).toEqual([
      'pkg:composer/doctrine/orm@2.17.2',
      'pkg:composer/monolog/monolog@3.5.0',
      'pkg:composer/phpunit/phpunit@10.5.3',
      'pkg:composer/psr/log@3.0.0',
      'pkg:composer/sebastian/diff@5.0.3',
      'pkg:composer/symfony/console@v6.4.1',
      'pkg:composer/symfony/polyfill-php80@v1.28.0',
      'pkg:composer/twig/dual@1.0.0',
    ]);
    expect(result.manifests).toEqual([{ path: 'app/composer.lock', packages: 8 }]);
  });

  it('gives the line of each package name in its array, scope by section, direct from composer.json', () => {
    expect(byName.get('doctrine/orm')).toMatchObject({
      line: 23, scope: 'runtime', direct: true, license: 'MIT', manifest: 'app/composer.lock',
      declaredAt: { path: 'app/composer.json', line: 13 },
    });
    // Declared as "Monolog/Monolog": composer names are case-insensitive.
    expect(byName.get('monolog/monolog')).toMatchObject({ line: 47, direct: true, declaredAt: { path: 'app/composer.json', line: 11 } });
    expect(byName.get('psr/log')).toMatchObject({ line: 55, scope: 'runtime', direct: false });
    expect(byName.get('psr/log')?.license).toBeUndefined();
    expect(byName.get('symfony/console')).toMatchObject({ version: 'v6.4.1', line: 60 });
    expect(byName.get('phpunit/phpunit')).toMatchObject({
      line: 87, scope: 'development', direct: true, license: 'BSD-3-Clause', declaredAt: { path: 'app/composer.json', line: 17 },
    });
    // `"sebastian\/diff"`: an escaped slash is still found.
    expect(byName.get('sebastian/diff')).toMatchObject({ line: 102, scope: 'development', direct: false });
  });

  it('joins a license array with OR (composer: the user may pick any one)', () => {
    expect(byName.get('symfony/polyfill-php80')?.license).toBe('LGPL-2.1-only OR GPL-3.0-or-later');
    expect(byName.get('twig/dual')?.license).toBe('(MIT AND BSD-3-Clause) OR Apache-2.0');
  });

  it('reads composer.json alone as requirements, skipping platform packages', () => {
    const alone = composer.extract([files[0]!]);
    expect(alone.problems).toEqual([]);
    expect(alone.dependencies.map((d) => `${d.name} ${d.requirement} ${d.scope} ${d.line}`)).toEqual([
      'Monolog/Monolog ^3.5 runtime 11',
      'symfony/console ^6.4 runtime 12',
      'doctrine/orm ^2.17 runtime 13',
      'acme/shared-kernel @dev runtime 14',
      'phpunit/phpunit ^10.5 development 17',
    ]);
    expect(alone.dependencies[0]).toMatchObject({ purl: 'pkg:composer/monolog/monolog', direct: true });
    expect(alone.dependencies[0]?.version).toBeUndefined();
  });

  it('reports invalid JSON with a position and keeps going without throwing', () => {
    const broken = composer.extract([files[0]!, { path: 'app/composer.lock', content: '{\n  "packages": [\n    { "name": "a/b", }\n  ]\n}\n' }]);
    expect(broken.dependencies).toEqual([]);
    expect(broken.problems).toEqual([{ path: 'app/composer.lock', message: expect.stringContaining('invalid JSON'), line: 3, column: expect.any(Number) }]);
    const notLock = composer.extract([{ path: 'composer.lock', content: '{"hello": 1}' }]);
    expect(notLock.problems[0]?.message).toContain('not a composer.lock');
  });

  it('owns composer files outside vendor/', () => {
    expect(composer.owns('composer.lock')).toBe(true);
    expect(composer.owns('packages/a/composer.json')).toBe(true);
    expect(composer.owns('vendor/symfony/console/composer.json')).toBe(false);
  });
});
