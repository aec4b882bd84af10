/**
 * The ordinary reader (js-yaml and its parse events) stands in for the document reader (`yaml`)
 * on ordinary files: whichever answers, extractWorkflow must give the document reader's result.
 * Held on every workflow and action file of the corpus (today it holds none: each one added is
 * checked), on every other YAML file of the corpus read as a workflow and as an action, and on
 * a generated repository's workflows (the benchmark's, 900 kB each), which the ordinary reader
 * must read itself.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, statSync } from 'node:fs';
import { workflow } from '../../../bench/generate/others.js';
import { readWithDocument } from '../../../src/ecosystems/github-actions/document-reader.js';
import { MAX_WORKFLOW_CHARACTERS } from '../../../src/ecosystems/github-actions/index.js';
import { readOrdinaryFile } from '../../../src/ecosystems/github-actions/ordinary-reader.js';
import { extractWorkflow } from '../../../src/ecosystems/github-actions/workflow.js';
import { stripBom } from '../../../src/ecosystems/text.js';
import type { SourceFile } from '../../../src/ecosystems/types.js';
import { CORPUS_DIR, readCorpus } from '../../helpers/corpus.js';

type Kind = 'workflow' | 'action';

const YAML_FILES = (readdirSync(CORPUS_DIR, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => /\.ya?ml$/.test(file) && statSync(`${CORPUS_DIR}${file}`).size <= MAX_WORKFLOW_CHARACTERS)
  .sort();
const kindOf = (file: string): Kind | undefined =>
  /(^|\/)\.github\/workflows\/[^/]+$/.test(file) ? 'workflow' : /(^|\/)action\.ya?ml$/.test(file) ? 'action' : undefined;

function expectSameAsDocumentReader(file: SourceFile, kind: Kind): void {
  expect(extractWorkflow(file, kind)).toEqual(readWithDocument(file, stripBom(file.content), kind));
}

describe('workflow readers on the corpus', () => {
  it('reads every workflow and action file of the corpus as the document reader does', () => {
    for (const path of YAML_FILES.filter((file) => kindOf(file) !== undefined)) {
      expectSameAsDocumentReader({ path, content: readCorpus(path) }, kindOf(path) as Kind);
    }
  });

  it.each(YAML_FILES.filter((file) => kindOf(file) === undefined))('reads %s, as a workflow and as an action, as the document reader does', (path) => {
    const file = { path, content: readCorpus(path) };
    expectSameAsDocumentReader(file, 'workflow');
    expectSameAsDocumentReader(file, 'action');
  });

  it('reads a generated repository of big workflows itself, as the document reader does', () => {
    const files = workflow(1_500_000, 12);
    expect(files.length).toBeGreaterThan(1);
    for (const { path, content } of files) {
      const ours = readOrdinaryFile({ path, content }, content, 'workflow');
      expect(ours?.length).toBeGreaterThan(1000);
      expect({ parsed: true, dependencies: ours, problems: [] }).toEqual(readWithDocument({ path, content }, content, 'workflow'));
    }
  });
});
