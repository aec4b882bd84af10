import { describe, expect, it } from '@jest/globals';
import { githubActions, MAX_WORKFLOW_CHARACTERS } from '../../../src/ecosystems/github-actions/index.js';

const path = '.github/workflows/ci.yml';
const read = (content: string, file = path) => githubActions.extract([{ path: file, content }]);

describe('workflows and actions: hostile and malformed input', () => {
  it.each([
    ['a list', '- jobs:\n    build:\n      steps:\n        - uses: evil/action@main\n', 'the workflow is a list, expected a map (on:, jobs:)'],
    ['a string', 'just a string\n', 'the workflow is a string, expected a map (on:, jobs:)'],
  ])('fails a workflow that is %s', (_name, content, message) => {
    expect(read(content)).toEqual({ dependencies: [], manifests: [], problems: [{ path, line: 1, column: 1, message }] });
  });

  it('fails a workflow whose jobs are a list, at the jobs key', () => {
    expect(read('on: push\njobs:\n  - build:\n      steps:\n        - uses: evil/action@main\n')).toEqual({
      dependencies: [],
      manifests: [],
      problems: [{ path, line: 2, column: 1, message: '"jobs" is a list, expected a map of job ids to jobs' }],
    });
  });

  it('reports steps that are a map, and a job or a step that is not a map, and still reads the rest', () => {
    const content = [
      'on: push',
      'jobs:',
      '  a:',
      '    steps:',
      '      one:',
      '        uses: evil/action@main',
      '  b: just text',
      '  c:',
      '    steps:',
      '      - run-this',
      '      - uses: actions/checkout@v4',
      '',
    ].join('\n');
    const result = read(content);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.line}`)).toEqual(['actions/checkout@v4 11']);
    expect(result.problems).toEqual([
      { path, line: 4, column: 5, message: '"steps" is a map, expected a list of steps', kind: 'invalid-entry' },
      { path, line: 7, column: 3, message: 'job "b" is a string, expected a map (runs-on:, steps:)', kind: 'invalid-entry' },
      { path, line: 10, column: 9, message: 'step 1 is a string, expected a map (uses:, run:, with:)', kind: 'invalid-entry' },
    ]);
  });

  it('reports a step with a repeated uses: key, whichever copy a reader would take', () => {
    const result = read('on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n        uses: evil/action@main\n');
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([{ path, line: 6, column: 9, message: 'step 1 has the key "uses" twice', kind: 'invalid-entry' }]);
  });

  it('says a workflow full of NULs (UTF-16 without a byte order mark) is not text', () => {
    const utf16 = [...'jobs:\n  a:\n    steps:\n      - uses: evil/action@main\n'].map((c) => `${c}\u0000`).join('');
    expect(read(utf16)).toEqual({ dependencies: [], manifests: [], problems: [{ path, line: 1, message: expect.stringContaining('NUL characters') }] });
  });

  it('reads a workflow that starts with a byte order mark, and follows an alias to a uses: value', () => {
    const result = read('\ufeffon: push\njobs:\n  a:\n    steps:\n      - uses: &co actions/checkout@v4\n  b:\n    steps:\n      - uses: *co\n');
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.line}`)).toEqual(['actions/checkout@v4 5', 'actions/checkout@v4 8']);
  });

  it('fails an action whose runs is a list and reports steps that are a map', () => {
    expect(read('runs:\n  - using: composite\n', 'action.yml').problems).toEqual([
      { path: 'action.yml', line: 1, column: 1, message: '"runs" is a list, expected a map (using:, steps:)' },
    ]);
    expect(read('runs:\n  using: composite\n  steps:\n    one:\n      uses: evil/action@main\n', 'action.yml').problems).toEqual([
      { path: 'action.yml', line: 3, column: 3, message: '"steps" is a map, expected a list of steps', kind: 'invalid-entry' },
    ]);
  });
});

describe('workflow size', () => {
  it('refuses a workflow over 1 MiB loudly, and still reads the other files', () => {
    const step = '      - uses: actions/checkout@v4\n';
    const big = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${step.repeat(Math.ceil(MAX_WORKFLOW_CHARACTERS / step.length) + 1)}`;
    const small = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${step}`;
    const result = githubActions.extract([
      { path: '.github/workflows/big.yml', content: big },
      { path: '.github/workflows/small.yml', content: small },
    ]);
    expect(result.problems).toEqual([{ path: '.github/workflows/big.yml', message: `is ${big.length} characters long; workflow files over 1048576 characters (1 MiB) are not read, so none of its actions were checked` }]);
    expect(result.dependencies.map((d) => `${d.manifest} ${d.name}@${d.version}`)).toEqual(['.github/workflows/small.yml actions/checkout@v4']);
  });
});

