import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Dependency } from '../../src/deps/model.js';
import { licenseFromInfo, pypiSource } from '../../src/metadata/pypi.js';
import type { PypiInfo } from '../../src/metadata/pypi.js';

const PYPI = 'https://pypi.example.test';
const NAME = `PyPI (${PYPI})`;

function pyDep(name: string, version?: string): Dependency {
  return { ecosystem: 'pypi', name, ...(version ? { version } : {}), purl: `pkg:pypi/${name}${version ? `@${version}` : ''}`, manifest: 'requirements.txt', scope: 'runtime', direct: true };
}

/** A release's JSON as PyPI answers it: the `info` fields that say the license, beside a few others. */
function release(name: string, version: string, license: PypiInfo): Record<string, unknown> {
  return {
    info: { name, version, summary: 'a package', classifiers: [], license: null, license_expression: null, license_files: null, requires_python: '>=3.8', ...license },
    last_serial: 1,
    urls: [],
    vulnerabilities: [],
  };
}

async function licenseVia(dependency: Dependency): Promise<string | null> {
  const answer = (await pypiSource(PYPI).lookup([dependency], { concurrency: 1, kinds: new Set(['license']) })).answers.get(dependency.purl);
  if (!answer || 'failed' in answer) throw new Error(`no answer: ${JSON.stringify(answer)}`);
  return answer.facts.license?.value ?? null;
}

const MIT_CLASSIFIER = 'License :: OSI Approved :: MIT License';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('PyPI JSON API', () => {
  it('asks GET /pypi/{name}/{version}/json and prefers the PEP 639 license_expression', async () => {
    nock(PYPI)
      .get('/pypi/attrs/24.2.0/json')
      .reply(200, release('attrs', '24.2.0', { license_expression: 'MIT', license: 'BSD', classifiers: ['License :: OSI Approved :: GNU General Public License v3 (GPLv3)'] }));
    const source = pypiSource(PYPI);
    const answer = (await source.lookup([pyDep('attrs', '24.2.0')], { concurrency: 1, kinds: new Set(['license']) })).answers.get('pkg:pypi/attrs@24.2.0');
    expect(answer).toEqual({ facts: { license: { value: 'MIT', source: NAME } } });
  });

  it('reads a short license name that reads as SPDX before the classifiers', async () => {
    nock(PYPI).get('/pypi/requests/2.31.0/json').reply(200, release('requests', '2.31.0', { license: 'Apache 2.0', classifiers: [MIT_CLASSIFIER] }));
    expect(await licenseVia(pyDep('requests', '2.31.0'))).toBe('Apache 2.0');
  });

  it('falls back to the classifiers when license holds a whole license text, or more than 100 characters on one line', async () => {
    const text = 'Copyright (c) 2015 Someone\n\nPermission is hereby granted, free of charge, to any person obtaining a copy';
    nock(PYPI).get('/pypi/six/1.16.0/json').reply(200, release('six', '1.16.0', { license: text, classifiers: [MIT_CLASSIFIER] }));
    expect(await licenseVia(pyDep('six', '1.16.0'))).toBe('MIT');
    nock(PYPI)
      .get('/pypi/long/1.0/json')
      .reply(200, release('long', '1.0', { license: 'x'.repeat(101), classifiers: ['License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)'] }));
    expect(await licenseVia(pyDep('long', '1.0'))).toBe('GPL-3.0-or-later');
  });

  it('gives no license when the release declares none, and none for a release PyPI does not have', async () => {
    nock(PYPI).get('/pypi/bare/1.0/json').reply(200, release('bare', '1.0', { license: '', classifiers: ['License :: OSI Approved', 'Programming Language :: Python :: 3'] }));
    expect(await licenseVia(pyDep('bare', '1.0'))).toBeNull();
    nock(PYPI).get('/pypi/gone/9.9/json').reply(404, { message: 'Not Found' });
    expect(await licenseVia(pyDep('gone', '9.9'))).toBeNull();
  });

  it('supports PyPI packages with a version only', () => {
    const source = pypiSource(PYPI);
    expect(source.supports(pyDep('requests', '2.31.0'))).toBe(true);
    expect(source.supports(pyDep('requests'))).toBe(false);
    expect(source.supports({ ...pyDep('x', '1.0'), purl: 'pkg:npm/x@1.0' })).toBe(false);
  });
});

describe('licenseFromInfo', () => {
  it('skips the UNKNOWN placeholder for the classifiers', () => {
    expect(licenseFromInfo({ license: 'UNKNOWN', classifiers: ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)'] })).toBe('LGPL-2.0-or-later');
  });

  it('prefers classifiers the table maps over a license name that does not read as SPDX', () => {
    expect(licenseFromInfo({ license: 'BSD', classifiers: ['License :: OSI Approved :: ISC License (ISCL)'] })).toBe('ISC');
  });

  it('keeps an unreadable short license over unmapped classifiers, and the classifier names when nothing else', () => {
    expect(licenseFromInfo({ license: 'BSD', classifiers: ['License :: OSI Approved :: BSD License'] })).toBe('BSD');
    expect(licenseFromInfo({ classifiers: ['License :: OSI Approved :: BSD License'] })).toBe('BSD License');
  });

  it('joins several license classifiers with AND, each once', () => {
    expect(
      licenseFromInfo({
        classifiers: ['License :: OSI Approved :: GNU General Public License v2 (GPLv2)', 'License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)', 'License :: OSI Approved :: GNU General Public License v2 (GPLv2)'],
      }),
    ).toBe('GPL-2.0-only AND MPL-2.0');
    expect(licenseFromInfo({ classifiers: [MIT_CLASSIFIER, 'License :: OSI Approved :: Apache Software License'] })).toBe('MIT AND Apache Software License');
  });

  it('maps the common classifiers to SPDX ids', () => {
    const of = (classifier: string) => licenseFromInfo({ classifiers: [classifier] });
    expect(of('License :: OSI Approved :: Python Software Foundation License')).toBe('PSF-2.0');
    expect(of('License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)')).toBe('GPL-2.0-or-later');
    expect(of('License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)')).toBe('LGPL-3.0-only');
    expect(of('License :: OSI Approved :: GNU Affero General Public License v3')).toBe('AGPL-3.0-only');
    expect(of('License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication')).toBe('CC0-1.0');
    expect(of('License :: OSI Approved :: The Unlicense (Unlicense)')).toBe('Unlicense');
  });

  it('ignores an empty license_expression', () => {
    expect(licenseFromInfo({ license_expression: '  ', license: 'MIT' })).toBe('MIT');
  });
});
