/**
 * The read-ahead's documents and the parsing of GitHub's answers (src/github/graphql-files.ts):
 * which variables each document carries, and what each kind of answer becomes (a usable text, a
 * blob to read through REST, no file, nothing known).
 */
import { describe, expect, it } from '@jest/globals';
import { fileKey, MAX_FILE_ALIASES, parseReadAhead, readDocument, startCheckDocument } from '../../src/github/graphql-files.js';

const repo = { owner: 'acme', repo: 'shop' };
const files = [
  { ref: 'aaa', path: 'package.json' },
  { ref: 'bbb', path: 'package-lock.json' },
];
const request = { files, orgPolicy: true, pullNumber: 9 };
const start = { repositoryId: 'R_1', headSha: 'bbb', name: 'check', externalId: 'x', startedAt: '2026-01-01T00:00:00Z', title: 'T', summary: 'S' };
const blob = (text: string | null, extra: Record<string, unknown> = {}) => ({ text, isTruncated: false, isBinary: false, byteSize: text?.length ?? 0, oid: 'oid-' + text, ...extra });

describe('the read-ahead documents', () => {
  it('the mutation creates the check run in progress and names each file by an expression variable', () => {
    const document = startCheckDocument(start, request);
    expect(document.query).toMatch(/^mutation OspoStartCheck\(/);
    expect(document.variables).toEqual({
      input: { repositoryId: 'R_1', headSha: 'bbb', name: 'check', externalId: 'x', status: 'IN_PROGRESS', startedAt: '2026-01-01T00:00:00Z', output: { title: 'T', summary: 'S' } },
      pull: 9,
      f0: 'aaa:package.json',
      f1: 'bbb:package-lock.json',
      orgRepo: '.github',
      orgPolicyFile: 'HEAD:.github/ospo-gatekeeper.yml',
    });
    // Every variable the document uses is declared.
    for (const name of Object.keys(document.variables)) expect(document.query).toContain(`$${name}:`);
  });

  it('the query reads the same through the repository by name, and leaves out the org policy when not asked', () => {
    const document = readDocument(repo, { ...request, orgPolicy: false });
    expect(document.query).toMatch(/^query OspoRead\(/);
    expect(document.query).not.toContain('orgPolicyRepo');
    expect(document.variables).toEqual({ repoOwner: 'acme', repoName: 'shop', pull: 9, f0: 'aaa:package.json', f1: 'bbb:package-lock.json' });
  });

  it(`asks for at most ${MAX_FILE_ALIASES} files`, () => {
    const many = Array.from({ length: MAX_FILE_ALIASES + 5 }, (_, index) => ({ ref: 'aaa', path: `f${index}.json` }));
    const document = readDocument(repo, { files: many, orgPolicy: false, pullNumber: 1 });
    expect(document.files).toHaveLength(MAX_FILE_ALIASES);
    expect(document.variables[`f${MAX_FILE_ALIASES - 1}`]).toBe(`aaa:f${MAX_FILE_ALIASES - 1}.json`);
    expect(document.variables[`f${MAX_FILE_ALIASES}`]).toBeUndefined();
  });
});

describe('parsing an answer', () => {
  const document = readDocument(repo, request);
  const orgKey = fileKey({ owner: 'acme', repo: '.github' }, undefined, '.github/ospo-gatekeeper.yml');

  it('texts, a cut blob (its id kept for REST), no file, and the review bodies', () => {
    const answer = parseReadAhead(
      {
        f0: blob('\uFEFF{"name":"a"}'),
        f1: blob('{"lock', { isTruncated: true, byteSize: 9_000_000, oid: 'big' }),
        owner: { orgPolicyRepo: { orgPolicy: null } },
        pullRequest: { reviews: { totalCount: 2, nodes: [{ body: 'r1', comments: { totalCount: 1, nodes: [{ body: 'c1' }] } }, { body: 'r2', comments: { totalCount: 0, nodes: [] } }] } },
      },
      repo,
      document,
      true,
      [],
    );
    // The byte order mark goes, as the REST blob's decoding drops it.
    expect(answer.files.get(fileKey(repo, 'aaa', 'package.json'))).toEqual({ found: true, oid: 'oid-\uFEFF{"name":"a"}', byteSize: 13, text: '{"name":"a"}' });
    expect(answer.files.get(fileKey(repo, 'bbb', 'package-lock.json'))).toEqual({ found: true, oid: 'big', byteSize: 9_000_000 });
    expect(answer.files.get(orgKey)).toEqual({ found: false });
    expect(answer.reviewBodies).toEqual({ reviews: ['r1', 'r2'], comments: ['c1'] });
  });

  it('a binary or misdecoded blob, a folder, a null object', () => {
    const answer = parseReadAhead({ f0: blob('x', { isBinary: true, oid: 'bin' }), f1: {}, owner: { orgPolicyRepo: null }, pullRequest: null }, repo, document, true, []);
    expect(answer.files.get(fileKey(repo, 'aaa', 'package.json'))).toEqual({ found: true, oid: 'bin', byteSize: 1 });
    // A folder (not a Blob) is left to REST, which says what it is.
    expect(answer.files.has(fileKey(repo, 'bbb', 'package-lock.json'))).toBe(false);
    expect(answer.files.get(orgKey)).toEqual({ found: false });
    expect(answer.reviewBodies).toBeUndefined();
    const utf16 = parseReadAhead({ f0: blob('\uFFFD\uFFFD{\u0000') }, repo, document, false, []);
    expect(utf16.files.get(fileKey(repo, 'aaa', 'package.json'))).not.toHaveProperty('text');
  });

  it('a field an error names is not known (REST reads it); a missing .github repository is no org policy', () => {
    const errors = [
      { type: 'NOT_FOUND', path: ['repository', 'owner', 'orgPolicyRepo'], message: 'Could not resolve to a Repository' },
      { type: 'SERVICE_UNAVAILABLE', path: ['repository', 'f1'], message: 'timeout' },
    ];
    const answer = parseReadAhead({ f0: blob('a'), f1: null, owner: { orgPolicyRepo: null }, pullRequest: { reviews: { totalCount: 0, nodes: [] } } }, repo, document, true, errors);
    expect(answer.files.get(fileKey(repo, 'aaa', 'package.json'))).toMatchObject({ text: 'a' });
    expect(answer.files.has(fileKey(repo, 'bbb', 'package-lock.json'))).toBe(false);
    expect(answer.files.get(orgKey)).toEqual({ found: false });
    const other = parseReadAhead({ owner: { orgPolicyRepo: null } }, repo, document, true, [{ type: 'FORBIDDEN', path: ['repository', 'owner', 'orgPolicyRepo'] }]);
    expect(other.files.has(orgKey)).toBe(false);
  });

  it('more reviews, or more comments on one, than the answer holds: the REST listings are read', () => {
    const more = parseReadAhead({ pullRequest: { reviews: { totalCount: 101, nodes: [{ body: 'r', comments: { totalCount: 0, nodes: [] } }] } } }, repo, document, false, []);
    expect(more.reviewBodies).toBeUndefined();
    const long = parseReadAhead({ pullRequest: { reviews: { totalCount: 1, nodes: [{ body: 'r', comments: { totalCount: 150, nodes: [{ body: 'c' }] } }] } } }, repo, document, false, []);
    expect(long.reviewBodies).toBeUndefined();
  });
});
