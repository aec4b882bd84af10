/**
 * For every corpus pair, the SBOM of its head side (from nothing, offline, as `ospo-gatekeeper
 * sbom` builds it) in both formats validates: CycloneDX 1.6 with the library's strict validator,
 * SPDX 2.3 with ajv against the official schema (the copy in test/fixtures/schemas). The sizes and
 * render times of the three largest heads go to the console and to <tmpdir>/ospo-sbom-corpus.json.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv } from 'ajv';
import { evaluateChange } from '../../src/evaluation/pipeline.js';
import { memorySnapshot } from '../../src/evaluation/snapshot.js';
import { loadPolicy } from '../../src/policy/load.js';
import { sbomModel } from '../../src/report/sbom-components.js';
import { renderCycloneDx } from '../../src/report/sbom-cyclonedx.js';
import { renderSpdx } from '../../src/report/sbom-spdx.js';
import { CORPUS_DIR, CORPUS_TODAY, readCorpusTree } from '../helpers/corpus.js';

/** `<ecosystem>/<slug>` for every pair that has a head side. */
function corpusPairs(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((ecosystem) => statSync(join(CORPUS_DIR, ecosystem)).isDirectory())
    .flatMap((ecosystem) => readdirSync(join(CORPUS_DIR, ecosystem)).map((slug) => `${ecosystem}/${slug}`))
    .filter((pair) => existsSync(join(CORPUS_DIR, pair, 'head')))
    .sort();
}

interface Measure {
  pair: string;
  headBytes: number;
  components: number;
  /** Dependents named in requiredBy that the manifest does not hold (edges left out). */
  unresolvedEdges: number;
  cyclonedx: { bytes: number; ms: number };
  spdx: { bytes: number; ms: number };
}

const PAIRS = corpusPairs();
/** Files the corpus keeps flat whose upstream place decides which ecosystem owns them (as pip.corpus.test.ts places them). */
const AT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'python/pypi-warehouse-requirements': { 'main.txt': 'requirements/main.txt', 'main.in': 'requirements/main.in' },
};
const measures: Measure[] = [];
const cdxValidator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
const spdxValidate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(new URL('../fixtures/schemas/spdx-2.3.schema.json', import.meta.url), 'utf8')) as object);

function timed(render: () => string): { text: string; ms: number } {
  const started = performance.now();
  const text = render();
  return { text, ms: Math.round((performance.now() - started) * 10) / 10 };
}

describe('SBOMs of every corpus head validate', () => {
  it('finds the corpus pairs', () => {
    expect(PAIRS.length).toBeGreaterThan(20);
  });

  it.each(PAIRS)('%s', async (pair) => {
    const at = AT[pair] ?? {};
    const files = new Map([...readCorpusTree(`${pair}/head`)].map(([path, text]) => [at[path] ?? path, text] as const));
    const loaded = loadPolicy({});
    if (!loaded.ok) throw new Error('the permissive preset did not load');
    const report = await evaluateChange({ base: memorySnapshot('empty', new Map()), head: memorySnapshot('head', files), policy: loaded.policy, today: CORPUS_TODAY, sources: [] });
    const meta = { toolVersion: '0.0.0-test', repository: pair, commit: 'f'.repeat(40), timestamp: `${CORPUS_TODAY}T00:00:00Z` };
    const cdx = timed(() => renderCycloneDx(report, meta));
    const spdx = timed(() => renderSpdx(report, meta));
    expect(await cdxValidator.validate(cdx.text)).toBeNull();
    const spdxDocument = JSON.parse(spdx.text) as { packages: unknown[] };
    expect(spdxValidate(spdxDocument) ? [] : spdxValidate.errors).toEqual([]);
    const components = spdxDocument.packages.length - 1;
    expect(components).toBe(new Set((report.inventory ?? []).flatMap((manifest) => manifest.dependencies.map((dependency) => dependency.purl))).size);
    const headBytes = [...files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    measures.push({ pair, headBytes, components, unresolvedEdges: sbomModel(report).unresolvedEdges, cyclonedx: { bytes: Buffer.byteLength(cdx.text), ms: cdx.ms }, spdx: { bytes: Buffer.byteLength(spdx.text), ms: spdx.ms } });
  });

  afterAll(() => {
    const largest = [...measures].sort((a, b) => b.headBytes - a.headBytes).slice(0, 3);
    const path = join(tmpdir(), 'ospo-sbom-corpus.json');
    writeFileSync(path, `${JSON.stringify({ largest, all: measures }, null, 2)}\n`);
    console.log(`SBOM sizes and render times, three largest heads (all in ${path}):\n${JSON.stringify(largest, null, 2)}`);
  });
});
