/**
 * The `uses:` of one workflow (`.github/workflows/*.yml`) or action metadata file (`action.yml`).
 *
 * Workflows: `jobs.<id>.uses` (a reusable workflow) and `jobs.<id>.steps[*].uses`.
 * Actions: `runs.steps[*].uses` of a composite action (Docker and JavaScript actions have no steps).
 *
 * Two readers, one answer: the ordinary reader (js-yaml and its parse events) reads ordinary
 * files in a few milliseconds a megabyte and gives up on anything else; the document reader (the
 * `yaml` document model, about a second and 60 MB a megabyte) then reads the file and reports
 * its problems with their positions. A test holds the two equal on every file the first accepts.
 */
import { notTextProblem } from '../problems.js';
import { stripBom } from '../text.js';
import type { SourceFile } from '../types.js';
import { readWithDocument, type WorkflowResult } from './document-reader.js';
import { readOrdinaryFile } from './ordinary-reader.js';

export type { WorkflowResult } from './document-reader.js';

export function extractWorkflow(file: SourceFile, kind: 'workflow' | 'action'): WorkflowResult {
  const notText = notTextProblem(file);
  if (notText) return { parsed: false, dependencies: [], problems: [notText] };
  const content = stripBom(file.content);
  const dependencies = readOrdinaryFile(file, content, kind);
  return dependencies ? { parsed: true, dependencies, problems: [] } : readWithDocument(file, content, kind);
}
