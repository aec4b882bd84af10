/**
 * The two readers of workflow.ts: the ordinary reader must answer for ordinary files (or big
 * repositories are slow again) and must give up on everything else, and whichever answers, the
 * result is the document reader's.
 */
import { describe, expect, it } from '@jest/globals';
import { readWithDocument } from '../../../src/ecosystems/github-actions/document-reader.js';
import { readOrdinaryFile } from '../../../src/ecosystems/github-actions/ordinary-reader.js';
import { extractWorkflow } from '../../../src/ecosystems/github-actions/workflow.js';

const path = '.github/workflows/ci.yml';
const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';
const steps = (...lines: string[]) => ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...lines, ''].join('\n');
const summary = (content: string, kind: 'workflow' | 'action' = 'workflow') =>
  extractWorkflow({ path, content }, kind).dependencies.map((d) => `${d.line} ${d.name}@${d.version}${d.tag ? ` (${d.tag})` : ''}`);

function expectSameAsDocumentReader(content: string, kind: 'workflow' | 'action' = 'workflow'): void {
  expect(extractWorkflow({ path, content }, kind)).toEqual(readWithDocument({ path, content }, content, kind));
}

describe('the ordinary reader', () => {
  const ordinary: [string, string, 'workflow' | 'action'][] = [
    ['block steps, a name before uses, a pin comment', steps(`      - uses: actions/checkout@${SHA} # v4.1.1`, '      - name: Node', '        uses: actions/setup-node@v4', '        with:', '          node-version: 20'), 'workflow'],
    ['quoted keys and values, spaces around the colon', steps(`      - "uses": 'actions/checkout@${SHA}'   #   pin @v4.1.1  `, '      - uses  :  "actions/cache/restore@v4.0.2"'), 'workflow'],
    ['flow maps as steps and as a job', `jobs:\n  a: {steps: [{uses: actions/checkout@v4}, {run: make}]}\n  b:\n    steps:\n      - {uses: "acme/x@${SHA}"} # v1\n`, 'workflow'],
    ['a reusable workflow after the steps of its job, CRLF line ends', 'jobs:\r\n  a:\r\n    steps:\r\n      - uses: actions/checkout@v4\r\n    uses: octo/w/.github/workflows/r.yml@v2\r\n', 'workflow'],
    ['uses: text in a script and in inputs, local and docker steps', steps('      - run: |', '          uses: not/this@v1', '      - uses: ./local', '      - uses: docker://alpine:3', '      - uses: acme/y@main', '        with:', '          uses: nor/this@v1'), 'workflow'],
    ['a composite action', `name: setup\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-python@${SHA} # v5.1.0\n    - run: echo\n      shell: bash\n`, 'action'],
    ['no jobs, or jobs without steps', '---\non: push\nname: x\njobs:\n  a: {}\n', 'workflow'],
    ['question marks in a script and in a quoted key', steps('      - run: test -n "$X" || echo "why?"', '      - uses: acme/q@v1', '        with:', '          "?": x'), 'workflow'],
  ];

  it.each(ordinary)('reads %s, as the document reader does', (_name, content, kind) => {
    expect(readOrdinaryFile({ path, content }, content, kind)).toBeDefined();
    expectSameAsDocumentReader(content, kind);
  });

  it('gives each reference its line and each SHA pin its tag comment', () => {
    expect(summary(ordinary[0]?.[1] ?? '')).toEqual([`6 actions/checkout@${SHA} (v4.1.1)`, '8 actions/setup-node@v4']);
    expect(summary(ordinary[1]?.[1] ?? '')).toEqual([`6 actions/checkout@${SHA} (v4.1.1)`, '7 actions/cache/restore@v4.0.2']);
    expect(summary(ordinary[2]?.[1] ?? '')).toEqual(['2 actions/checkout@v4', `5 acme/x@${SHA}`]);
    expect(summary(ordinary[3]?.[1] ?? '')).toEqual(['5 octo/w/.github/workflows/r.yml@v2', '4 actions/checkout@v4']);
    expect(summary(ordinary[4]?.[1] ?? '')).toEqual(['10 acme/y@main']);
  });
});

describe('files the ordinary reader leaves to the document reader', () => {
  const unusual: [string, string][] = [
    ['an anchor and an alias', steps('      - uses: &co actions/checkout@v4', '      - uses: *co')],
    ['a tag', steps('      - uses: !!str actions/checkout@v4')],
    ['an explicit key', steps('      - ? uses', '        : actions/checkout@v4')],
    ['a tab in the indentation', steps('      - uses: actions/checkout@v4', '      - run: |', '          make', ' \t# a comment')],
    ['a lone CR', 'jobs:\r  a:\r    steps:\r      - uses: actions/checkout@v4\r'],
    ['a directive', '%YAML 1.1\n---\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n'],
    ['a document end marker', `${steps('      - uses: actions/checkout@v4')}...\n`],
    ['a directive after a CRLF line', 'on: push\r\n%TAG ! tag:example.com,2000:\r\n---\r\njobs: {}\r\n'],
    ['an explicit key in a flow map', steps('      - {? uses : actions/checkout@v4}')],
    ['a document marker with a comment stuck to it', '---# note\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n'],
    ['a flow list over several lines', steps('      - uses: actions/checkout@v4', '        with: {a: [x,', '"y"]}')],
    ['a comment right after a quoted value', steps('      - uses: "actions/checkout@v4"# v4')],
    ['a key over 1000 characters', steps('      - uses: actions/checkout@v4', `        ${'k'.repeat(1030)}: v`)],
    ['job ids that `yaml` reads as one number', 'jobs:\n  01:\n    steps: []\n  1:\n    steps:\n      - uses: actions/checkout@v4\n'],
    ['a job id that reads as null', 'jobs:\n  ~:\n    steps:\n      - uses: actions/checkout@v4\n'],
    ['a repeated key where the walk does not look', steps('      - uses: actions/checkout@v4', '        with:', '          a: 1', '          a: 2')],
    ['a uses: that is not a reference', steps('      - uses: actions/checkout', '      - uses: acme/x@v1')],
    ['a uses: that is a number, or on the next line', steps('      - uses: 12', '      - uses:', '          acme/x@v1')],
    ['a uses: in a block scalar', steps('      - uses: |-', `          acme/x@${SHA}`)],
    ['steps that are a map', 'jobs:\n  a:\n    steps:\n      one:\n        uses: acme/x@v1\n'],
    ['invalid YAML', 'jobs:\n  a:\n    steps: [\n'],
    ['an empty file', ''],
  ];

  it.each(unusual)('%s', (_name, content) => {
    expect(readOrdinaryFile({ path, content }, content, 'workflow')).toBeUndefined();
    expectSameAsDocumentReader(content);
  });

  it('still reads what the document reader reads in them', () => {
    const named = (name: string) => unusual.find(([what]) => what === name)?.[1] ?? '';
    expect(summary(named('an anchor and an alias'))).toEqual(['6 actions/checkout@v4', '7 actions/checkout@v4']);
    expect(summary(named('a repeated key where the walk does not look'))).toEqual(['6 actions/checkout@v4']);
    expect(summary(named('a uses: that is a number, or on the next line'))).toEqual(['7 acme/x@v1']);
  });
});
