import { describe, expect, it } from '@jest/globals';
import { touchedProjects } from '../../src/evaluation/compare.js';

describe('touchedProjects', () => {
  const paths = ['package.json', 'package-lock.json', 'test/fixtures/npm/package-lock.json', 'svc/go.mod', 'README.md'];

  it('selects the projects with a changed file, and the files to fetch for them', () => {
    const touched = touchedProjects(paths, paths, new Set(['package-lock.json', 'README.md']));
    expect(touched.headFiles).toEqual(['package-lock.json', 'package.json']);
    expect(touched.head.map((ref) => `${ref.ecosystem.id}:${ref.project.root}`)).toEqual(['npm:']);
  });

  it('never selects (so never fetches) projects whose every file is ignored', () => {
    const ignored = (path: string) => path.startsWith('test/fixtures/');
    const touched = touchedProjects([], paths, 'all', ignored);
    expect(touched.headFiles.sort()).toEqual(['package-lock.json', 'package.json', 'svc/go.mod']);
  });
});
