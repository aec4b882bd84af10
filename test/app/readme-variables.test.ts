/** The README's "Configure it" table names every variable the job runner reads, with its default. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { RUNNER_VARIABLES } from '../../src/jobs/queue-config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('### Configure it'), readme.indexOf('### Run and deploy it'));

describe('the README configuration table', () => {
  it.each(Object.values(RUNNER_VARIABLES).map(([name, fallback]) => [name, fallback] as const))('documents %s with its default %d', (name, fallback) => {
    const row = table.split('\n').find((line) => line.startsWith(`| \`${name}\``));
    expect(row).toBeDefined();
    expect(row).toContain(`default ${fallback}`);
  });
});
