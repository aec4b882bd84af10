import { describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import type { Change } from '../../../src/deps/diff.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { npm } from '../../../src/ecosystems/npm/index.js';
import type { Dependency } from '../../../src/ecosystems/types.js';
import { expectIdentitySetsUnchanged } from '../../deps/identity.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, recordsOf } from '../../helpers/corpus.js';

/**
 * Expected version sets per package name, derived independently of our code from the files with
 * python3 (json module): v2/v3 read `packages` entries with "node_modules/" in the key, skipping
 * `link` entries and entries without a version, name = entry `name` or the last node_modules/
 * segment; v1 walks the nested `dependencies` tree, skipping file:/link: versions and reading
 * `npm:name@version` aliases. For each name: removed = base versions not in head, added = head
 * versions not in base.
 */
type Expected = Record<string, { removed: string[]; added: string[] }>;

function extract(slug: string, side: 'base' | 'head', file: string) {
  const files = [file, 'package.json'].map((name) => ({ path: name, content: readCorpus(`npm/${slug}/${side}/${name}`) }));
  const result = npm.extract(files);
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

function sortedVersions(out: Expected): Expected {
  for (const entry of Object.values(out)) {
    entry.removed.sort();
    entry.added.sort();
  }
  return out;
}

/** Per name: versions gone and versions new; the `from` of a pair counts only when the head no longer has it. */
function byName(changes: Change[], head: readonly Dependency[]): Expected {
  const headPurls = new Set(head.map((d) => d.purl));
  const out: Expected = {};
  for (const change of changes) {
    const entry = (out[change.dependency.name] ??= { removed: [], added: [] });
    if (change.change === 'removed') entry.removed.push(change.dependency.version ?? '');
    else if (change.change === 'added') entry.added.push(change.dependency.version ?? '');
    else {
      if (change.previous && !headPurls.has(change.previous.purl)) entry.removed.push(change.previous.version ?? '');
      entry.added.push(change.dependency.version ?? '');
    }
  }
  return sortedVersions(out);
}

/** The same from the pipeline's Report: its change records of `manifest`, and the head's inventory for what the head still has. */
function recordsByName(report: Report, manifest: string): Expected {
  const headVersions = new Set((report.inventory ?? []).filter((inventory) => inventory.path === manifest).flatMap((inventory) => inventory.dependencies.map((d) => `${d.name}@${d.version}`)));
  const out: Expected = {};
  for (const record of recordsOf(report.changes, { ecosystem: 'npm', manifest })) {
    const entry = (out[record.name] ??= { removed: [], added: [] });
    if (record.change === 'removed') entry.removed.push(record.from ?? '');
    else if (record.change === 'added') entry.added.push(record.to ?? '');
    else {
      if (!headVersions.has(`${record.name}@${record.from}`)) entry.removed.push(record.from ?? '');
      entry.added.push(record.to ?? '');
    }
  }
  return sortedVersions(out);
}

describe('npm corpus: mochajs-mocha-lockv1', () => {
  const base = extract('mochajs-mocha-lockv1', 'base', 'package-lock.json');
  const head = extract('mochajs-mocha-lockv1', 'head', 'package-lock.json');
  it('finds every distinct package version in the lockfile (2009 base, 1997 head)', () => {
    expect(new Set(base.map((d) => `${d.name}@${d.version}`)).size).toBe(2009);
    expect(new Set(head.map((d) => `${d.name}@${d.version}`)).size).toBe(1997);
  });
  it('reports exactly the version changes the files contain (25 packages), on the extracted sides and through the pipeline', async () => {
    const expected: Expected = {
      "browser-sync": {
        "removed": [
          "2.26.7"
        ],
        "added": [
          "2.26.12"
        ]
      },
      "browser-sync-client": {
        "removed": [
          "2.26.6"
        ],
        "added": [
          "2.26.12"
        ]
      },
      "browser-sync-ui": {
        "removed": [
          "2.26.4"
        ],
        "added": [
          "2.26.12"
        ]
      },
      "camelcase": {
        "removed": [
          "3.0.0"
        ],
        "added": []
      },
      "cliui": {
        "removed": [
          "3.2.0"
        ],
        "added": []
      },
      "elliptic": {
        "removed": [
          "6.5.2"
        ],
        "added": [
          "6.5.3"
        ]
      },
      "eventemitter3": {
        "removed": [
          "1.2.0"
        ],
        "added": []
      },
      "get-caller-file": {
        "removed": [
          "1.0.3"
        ],
        "added": []
      },
      "http-proxy": {
        "removed": [
          "1.15.2"
        ],
        "added": []
      },
      "invert-kv": {
        "removed": [
          "1.0.0"
        ],
        "added": []
      },
      "lcid": {
        "removed": [
          "1.0.0"
        ],
        "added": []
      },
      "localtunnel": {
        "removed": [
          "1.9.2"
        ],
        "added": [
          "2.0.0"
        ]
      },
      "nopt": {
        "removed": [],
        "added": [
          "1.0.10"
        ]
      },
      "os-locale": {
        "removed": [
          "1.4.0"
        ],
        "added": []
      },
      "require-main-filename": {
        "removed": [
          "1.0.1"
        ],
        "added": []
      },
      "touch": {
        "removed": [],
        "added": [
          "3.1.0"
        ]
      },
      "ua-parser-js": {
        "removed": [
          "0.7.17"
        ],
        "added": []
      },
      "unexpected-map": {
        "removed": [],
        "added": [
          "2.0.0"
        ]
      },
      "unexpected-set": {
        "removed": [],
        "added": [
          "3.0.0"
        ]
      },
      "which-module": {
        "removed": [
          "1.0.0"
        ],
        "added": []
      },
      "window-size": {
        "removed": [
          "0.2.0"
        ],
        "added": []
      },
      "wrap-ansi": {
        "removed": [
          "2.1.0"
        ],
        "added": []
      },
      "y18n": {
        "removed": [
          "3.2.1"
        ],
        "added": []
      },
      "yargs": {
        "removed": [
          "6.4.0",
          "6.6.0"
        ],
        "added": [
          "13.3.0"
        ]
      },
      "yargs-parser": {
        "removed": [
          "4.2.1"
        ],
        "added": []
      }
    };
    expect(byName(diffCollected(base, head), head)).toEqual(expected);
    expect(recordsByName(await evaluateCorpusPair('npm/mochajs-mocha-lockv1'), 'package-lock.json')).toEqual(expected);
  });
});

describe('npm corpus: axios-axios-lockv2', () => {
  const base = extract('axios-axios-lockv2', 'base', 'package-lock.json');
  const head = extract('axios-axios-lockv2', 'head', 'package-lock.json');
  it('finds every distinct package version in the lockfile (1668 base, 1672 head)', () => {
    expect(new Set(base.map((d) => `${d.name}@${d.version}`)).size).toBe(1668);
    expect(new Set(head.map((d) => `${d.name}@${d.version}`)).size).toBe(1672);
  });
  it('reports exactly the version changes the files contain (34 packages), on the extracted sides and through the pipeline', async () => {
    const expected: Expected = {
      "@socket.io/base64-arraybuffer": {
        "removed": [
          "1.0.2"
        ],
        "added": []
      },
      "@socket.io/component-emitter": {
        "removed": [],
        "added": [
          "3.1.2"
        ]
      },
      "@types/component-emitter": {
        "removed": [
          "1.2.11"
        ],
        "added": []
      },
      "@types/cors": {
        "removed": [
          "2.8.12"
        ],
        "added": [
          "2.8.17"
        ]
      },
      "body-parser": {
        "removed": [
          "1.20.1",
          "1.20.2"
        ],
        "added": [
          "1.20.3"
        ]
      },
      "call-bind": {
        "removed": [
          "1.0.2"
        ],
        "added": [
          "1.0.7"
        ]
      },
      "cookie": {
        "removed": [
          "0.4.2",
          "0.5.0"
        ],
        "added": [
          "0.7.1",
          "0.7.2"
        ]
      },
      "define-data-property": {
        "removed": [],
        "added": [
          "1.1.4"
        ]
      },
      "elliptic": {
        "removed": [
          "6.5.4"
        ],
        "added": [
          "6.6.0"
        ]
      },
      "encodeurl": {
        "removed": [],
        "added": [
          "2.0.0"
        ]
      },
      "engine.io": {
        "removed": [
          "6.2.1"
        ],
        "added": [
          "6.6.2"
        ]
      },
      "engine.io-parser": {
        "removed": [
          "5.0.3"
        ],
        "added": [
          "5.2.3"
        ]
      },
      "es-define-property": {
        "removed": [],
        "added": [
          "1.0.0"
        ]
      },
      "es-errors": {
        "removed": [],
        "added": [
          "1.3.0"
        ]
      },
      "express": {
        "removed": [
          "4.18.2"
        ],
        "added": [
          "4.21.1"
        ]
      },
      "finalhandler": {
        "removed": [
          "1.2.0"
        ],
        "added": [
          "1.3.1"
        ]
      },
      "function-bind": {
        "removed": [
          "1.1.1"
        ],
        "added": [
          "1.1.2"
        ]
      },
      "get-intrinsic": {
        "removed": [
          "1.1.3"
        ],
        "added": [
          "1.2.4"
        ]
      },
      "has-property-descriptors": {
        "removed": [
          "1.0.0"
        ],
        "added": [
          "1.0.2"
        ]
      },
      "has-proto": {
        "removed": [],
        "added": [
          "1.0.3"
        ]
      },
      "hasown": {
        "removed": [],
        "added": [
          "2.0.2"
        ]
      },
      "merge-descriptors": {
        "removed": [
          "1.0.1"
        ],
        "added": [
          "1.0.3"
        ]
      },
      "object-inspect": {
        "removed": [
          "1.12.2"
        ],
        "added": [
          "1.13.3"
        ]
      },
      "path-to-regexp": {
        "removed": [
          "0.1.7"
        ],
        "added": [
          "0.1.10"
        ]
      },
      "qs": {
        "removed": [
          "6.11.0"
        ],
        "added": [
          "6.13.0"
        ]
      },
      "raw-body": {
        "removed": [
          "2.5.1"
        ],
        "added": []
      },
      "send": {
        "removed": [
          "0.18.0"
        ],
        "added": [
          "0.19.0"
        ]
      },
      "serve-static": {
        "removed": [
          "1.15.0"
        ],
        "added": [
          "1.16.2"
        ]
      },
      "set-function-length": {
        "removed": [],
        "added": [
          "1.2.2"
        ]
      },
      "side-channel": {
        "removed": [
          "1.0.4"
        ],
        "added": [
          "1.0.6"
        ]
      },
      "socket.io": {
        "removed": [
          "4.5.0"
        ],
        "added": [
          "4.8.1"
        ]
      },
      "socket.io-adapter": {
        "removed": [
          "2.4.0"
        ],
        "added": [
          "2.5.5"
        ]
      },
      "socket.io-parser": {
        "removed": [
          "4.0.5"
        ],
        "added": [
          "4.2.4"
        ]
      },
      "ws": {
        "removed": [
          "8.2.3"
        ],
        "added": [
          "8.17.1"
        ]
      }
    };
    expect(byName(diffCollected(base, head), head)).toEqual(expected);
    expect(recordsByName(await evaluateCorpusPair('npm/axios-axios-lockv2'), 'package-lock.json')).toEqual(expected);
  });
});

describe('npm corpus: aws-aws-toolkit-vscode-lockv3', () => {
  const base = extract('aws-aws-toolkit-vscode-lockv3', 'base', 'package-lock.json');
  const head = extract('aws-aws-toolkit-vscode-lockv3', 'head', 'package-lock.json');
  it('finds every distinct package version in the lockfile (1657 base, 1719 head)', () => {
    expect(new Set(base.map((d) => `${d.name}@${d.version}`)).size).toBe(1657);
    expect(new Set(head.map((d) => `${d.name}@${d.version}`)).size).toBe(1719);
  });
  it('reports exactly the version changes the files contain (52 packages), on the extracted sides and through the pipeline', async () => {
    const expected: Expected = {
      "@aws-sdk/client-datazone": {
        "removed": [],
        "added": [
          "3.848.0"
        ]
      },
      "@aws-sdk/client-glue": {
        "removed": [],
        "added": [
          "3.852.0"
        ]
      },
      "@aws-sdk/client-s3-control": {
        "removed": [],
        "added": [
          "3.859.0"
        ]
      },
      "@aws-sdk/client-sso": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/core": {
        "removed": [],
        "added": [
          "3.846.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/credential-provider-env": {
        "removed": [],
        "added": [
          "3.846.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/credential-provider-http": {
        "removed": [],
        "added": [
          "3.846.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/credential-provider-ini": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.859.0"
        ]
      },
      "@aws-sdk/credential-provider-node": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.859.0"
        ]
      },
      "@aws-sdk/credential-provider-process": {
        "removed": [],
        "added": [
          "3.846.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/credential-provider-sso": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.859.0"
        ]
      },
      "@aws-sdk/credential-provider-web-identity": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/middleware-bucket-endpoint": {
        "removed": [],
        "added": [
          "3.840.0"
        ]
      },
      "@aws-sdk/middleware-host-header": {
        "removed": [],
        "added": [
          "3.840.0"
        ]
      },
      "@aws-sdk/middleware-logger": {
        "removed": [],
        "added": [
          "3.840.0"
        ]
      },
      "@aws-sdk/middleware-recursion-detection": {
        "removed": [],
        "added": [
          "3.840.0"
        ]
      },
      "@aws-sdk/middleware-sdk-s3-control": {
        "removed": [],
        "added": [
          "3.848.0"
        ]
      },
      "@aws-sdk/middleware-user-agent": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/nested-clients": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/region-config-resolver": {
        "removed": [],
        "added": [
          "3.840.0"
        ]
      },
      "@aws-sdk/token-providers": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.859.0"
        ]
      },
      "@aws-sdk/types": {
        "removed": [],
        "added": [
          "3.840.0"
        ]
      },
      "@aws-sdk/util-arn-parser": {
        "removed": [],
        "added": [
          "3.804.0"
        ]
      },
      "@aws-sdk/util-endpoints": {
        "removed": [],
        "added": [
          "3.848.0"
        ]
      },
      "@aws-sdk/util-user-agent-browser": {
        "removed": [],
        "added": [
          "3.840.0"
        ]
      },
      "@aws-sdk/util-user-agent-node": {
        "removed": [],
        "added": [
          "3.848.0",
          "3.858.0"
        ]
      },
      "@aws-sdk/xml-builder": {
        "removed": [],
        "added": [
          "3.821.0"
        ]
      },
      "@aws/language-server-runtimes": {
        "removed": [
          "0.2.119"
        ],
        "added": [
          "0.2.125"
        ]
      },
      "@aws/language-server-runtimes-types": {
        "removed": [
          "0.1.51"
        ],
        "added": [
          "0.1.56"
        ]
      },
      "@smithy/chunked-blob-reader": {
        "removed": [],
        "added": [
          "5.0.0"
        ]
      },
      "@smithy/chunked-blob-reader-native": {
        "removed": [],
        "added": [
          "4.0.0"
        ]
      },
      "@smithy/core": {
        "removed": [],
        "added": [
          "3.7.1",
          "3.7.2"
        ]
      },
      "@smithy/fetch-http-handler": {
        "removed": [],
        "added": [
          "5.1.0"
        ]
      },
      "@smithy/hash-blob-browser": {
        "removed": [],
        "added": [
          "4.0.4"
        ]
      },
      "@smithy/hash-stream-node": {
        "removed": [],
        "added": [
          "4.0.4"
        ]
      },
      "@smithy/md5-js": {
        "removed": [],
        "added": [
          "4.0.4"
        ]
      },
      "@smithy/middleware-apply-body-checksum": {
        "removed": [],
        "added": [
          "4.1.2"
        ]
      },
      "@smithy/middleware-endpoint": {
        "removed": [],
        "added": [
          "4.1.16",
          "4.1.17"
        ]
      },
      "@smithy/middleware-retry": {
        "removed": [],
        "added": [
          "4.1.17",
          "4.1.18"
        ]
      },
      "@smithy/node-http-handler": {
        "removed": [],
        "added": [
          "4.1.0"
        ]
      },
      "@smithy/service-error-classification": {
        "removed": [],
        "added": [
          "4.0.6"
        ]
      },
      "@smithy/smithy-client": {
        "removed": [],
        "added": [
          "4.4.8",
          "4.4.9"
        ]
      },
      "@smithy/util-defaults-mode-browser": {
        "removed": [],
        "added": [
          "4.0.24",
          "4.0.25"
        ]
      },
      "@smithy/util-defaults-mode-node": {
        "removed": [],
        "added": [
          "4.0.24",
          "4.0.25"
        ]
      },
      "@smithy/util-retry": {
        "removed": [],
        "added": [
          "4.0.6"
        ]
      },
      "@smithy/util-stream": {
        "removed": [],
        "added": [
          "4.2.3"
        ]
      },
      "@types/eslint": {
        "removed": [
          "8.44.8"
        ],
        "added": [
          "8.56.12"
        ]
      },
      "fast-xml-parser": {
        "removed": [],
        "added": [
          "5.2.5"
        ]
      },
      "mac-system-proxy": {
        "removed": [
          "1.0.4"
        ],
        "added": []
      },
      "os-proxy-config": {
        "removed": [
          "1.1.2"
        ],
        "added": []
      },
      "strnum": {
        "removed": [],
        "added": [
          "2.1.1"
        ]
      },
      "windows-system-proxy": {
        "removed": [
          "1.0.0"
        ],
        "added": []
      }
    };
    expect(byName(diffCollected(base, head), head)).toEqual(expected);
    expect(recordsByName(await evaluateCorpusPair('npm/aws-aws-toolkit-vscode-lockv3'), 'package-lock.json')).toEqual(expected);
  });
});

describe('npm corpus: firebase-firebase-tools-shrinkwrap', () => {
  const base = extract('firebase-firebase-tools-shrinkwrap', 'base', 'npm-shrinkwrap.json');
  const head = extract('firebase-firebase-tools-shrinkwrap', 'head', 'npm-shrinkwrap.json');
  it('finds every distinct package version in the lockfile (1549 base, 1526 head)', () => {
    expect(new Set(base.map((d) => `${d.name}@${d.version}`)).size).toBe(1549);
    expect(new Set(head.map((d) => `${d.name}@${d.version}`)).size).toBe(1526);
  });
  it('reports exactly the version changes the files contain (45 packages), on the extracted sides and through the pipeline', async () => {
    const expected: Expected = {
      "@babel/code-frame": {
        "removed": [
          "7.18.6"
        ],
        "added": [
          "7.29.0"
        ]
      },
      "@babel/generator": {
        "removed": [
          "7.19.0"
        ],
        "added": [
          "7.29.1"
        ]
      },
      "@babel/helper-function-name": {
        "removed": [
          "7.19.0"
        ],
        "added": []
      },
      "@babel/helper-globals": {
        "removed": [],
        "added": [
          "7.28.0"
        ]
      },
      "@babel/helper-hoist-variables": {
        "removed": [
          "7.18.6"
        ],
        "added": []
      },
      "@babel/helper-string-parser": {
        "removed": [
          "7.19.4"
        ],
        "added": [
          "7.27.1"
        ]
      },
      "@babel/helper-validator-identifier": {
        "removed": [
          "7.19.1"
        ],
        "added": [
          "7.28.5"
        ]
      },
      "@babel/highlight": {
        "removed": [
          "7.18.6"
        ],
        "added": []
      },
      "@babel/parser": {
        "removed": [
          "7.21.4"
        ],
        "added": [
          "7.29.2"
        ]
      },
      "@babel/template": {
        "removed": [
          "7.18.10"
        ],
        "added": [
          "7.28.6"
        ]
      },
      "@babel/traverse": {
        "removed": [
          "7.19.1"
        ],
        "added": [
          "7.29.0"
        ]
      },
      "@babel/types": {
        "removed": [
          "7.21.4"
        ],
        "added": [
          "7.29.0"
        ]
      },
      "@grpc/grpc-js": {
        "removed": [
          "1.14.0",
          "1.7.3",
          "1.8.21"
        ],
        "added": [
          "1.14.3"
        ]
      },
      "@hono/node-server": {
        "removed": [
          "1.19.7"
        ],
        "added": [
          "1.19.13"
        ]
      },
      "@jridgewell/gen-mapping": {
        "removed": [
          "0.3.2"
        ],
        "added": [
          "0.3.13"
        ]
      },
      "@jridgewell/sourcemap-codec": {
        "removed": [
          "1.4.14"
        ],
        "added": [
          "1.5.5"
        ]
      },
      "@jridgewell/trace-mapping": {
        "removed": [
          "0.3.15"
        ],
        "added": [
          "0.3.31"
        ]
      },
      "@modelcontextprotocol/ext-apps": {
        "removed": [],
        "added": [
          "1.5.0"
        ]
      },
      "@modelcontextprotocol/sdk": {
        "removed": [
          "1.25.1"
        ],
        "added": [
          "1.29.0"
        ]
      },
      "basic-ftp": {
        "removed": [
          "5.0.5"
        ],
        "added": [
          "5.2.2"
        ]
      },
      "brace-expansion": {
        "removed": [
          "1.1.11",
          "2.0.1",
          "2.0.2"
        ],
        "added": [
          "1.1.14"
        ]
      },
      "diff": {
        "removed": [
          "4.0.2",
          "5.0.0",
          "5.1.0",
          "7.0.0"
        ],
        "added": [
          "8.0.4"
        ]
      },
      "express-rate-limit": {
        "removed": [
          "7.5.0"
        ],
        "added": [
          "8.3.2"
        ]
      },
      "globals": {
        "removed": [
          "11.12.0"
        ],
        "added": []
      },
      "hono": {
        "removed": [
          "4.11.9"
        ],
        "added": [
          "4.12.12"
        ]
      },
      "ip-address": {
        "removed": [],
        "added": [
          "10.1.0"
        ]
      },
      "is-buffer": {
        "removed": [
          "1.1.6"
        ],
        "added": []
      },
      "is-number": {
        "removed": [
          "2.1.0"
        ],
        "added": []
      },
      "jsesc": {
        "removed": [
          "2.5.2"
        ],
        "added": [
          "3.1.0"
        ]
      },
      "kind-of": {
        "removed": [
          "3.2.2"
        ],
        "added": []
      },
      "long": {
        "removed": [
          "5.2.1",
          "5.2.3"
        ],
        "added": []
      },
      "lsofi": {
        "removed": [
          "1.0.0"
        ],
        "added": [
          "2.0.0"
        ]
      },
      "minipass": {
        "removed": [
          "5.0.0"
        ],
        "added": []
      },
      "picomatch": {
        "removed": [
          "2.3.1"
        ],
        "added": [
          "2.3.2"
        ]
      },
      "protobufjs": {
        "removed": [
          "6.11.4",
          "7.2.4",
          "7.3.0"
        ],
        "added": []
      },
      "qs": {
        "removed": [
          "6.13.0",
          "6.14.1"
        ],
        "added": [
          "6.15.1"
        ]
      },
      "randombytes": {
        "removed": [
          "2.1.0"
        ],
        "added": []
      },
      "rollup": {
        "removed": [
          "3.20.2"
        ],
        "added": [
          "3.30.0"
        ]
      },
      "serialize-javascript": {
        "removed": [
          "6.0.2"
        ],
        "added": [
          "7.0.5"
        ]
      },
      "tar": {
        "removed": [
          "6.2.1",
          "7.5.11"
        ],
        "added": [
          "7.5.13"
        ]
      },
      "through2": {
        "removed": [
          "2.0.5"
        ],
        "added": []
      },
      "to-fast-properties": {
        "removed": [
          "2.0.0"
        ],
        "added": []
      },
      "underscore": {
        "removed": [
          "1.12.1",
          "1.13.6"
        ],
        "added": [
          "1.13.8"
        ]
      },
      "yaml": {
        "removed": [
          "2.6.1"
        ],
        "added": [
          "2.8.3"
        ]
      },
      "zod": {
        "removed": [
          "3.24.3"
        ],
        "added": [
          "3.25.76"
        ]
      }
    };
    expect(byName(diffCollected(base, head), head)).toEqual(expected);
    expect(recordsByName(await evaluateCorpusPair('npm/firebase-firebase-tools-shrinkwrap'), 'npm-shrinkwrap.json')).toEqual(expected);
  });
});


/**
 * Which versions pair with which, derived with python3 from the same files (test/deps/pairing-reference.py):
 * who depends on each install path (every entry's dependencies, optional and peer dependencies,
 * importers' dev dependencies too, resolved through each enclosing node_modules; v1 through the
 * nested `requires` and the root package.json), then the pairing rule. axios: express,
 * serve-static and the finalhandler nested under express moved to encodeurl 2.0.0, while the
 * top-level finalhandler and send keep 1.0.2: an upgrade from a version the head still has.
 */
describe('npm corpus: pairs by who depends on each version', () => {
  it.each([
    ['mochajs-mocha-lockv1', 'package-lock.json', [
      'browser-sync-client@2.26.6->2.26.12', 'browser-sync-ui@2.26.4->2.26.12', 'browser-sync@2.26.7->2.26.12',
      'elliptic@6.5.2->6.5.3', 'localtunnel@1.9.2->2.0.0', 'yargs@6.6.0->13.3.0',
    ]],
    ['axios-axios-lockv2', 'package-lock.json', [
      '@types/cors@2.8.12->2.8.17', 'body-parser@1.20.2->1.20.3', 'call-bind@1.0.2->1.0.7', 'cookie@0.4.2->0.7.2',
      'cookie@0.5.0->0.7.1', 'elliptic@6.5.4->6.6.0', 'encodeurl@1.0.2->2.0.0', 'engine.io-parser@5.0.3->5.2.3',
      'engine.io@6.2.1->6.6.2', 'express@4.18.2->4.21.1', 'finalhandler@1.2.0->1.3.1', 'function-bind@1.1.1->1.1.2',
      'get-intrinsic@1.1.3->1.2.4', 'has-property-descriptors@1.0.0->1.0.2', 'merge-descriptors@1.0.1->1.0.3',
      'object-inspect@1.12.2->1.13.3', 'path-to-regexp@0.1.7->0.1.10', 'qs@6.11.0->6.13.0', 'send@0.18.0->0.19.0',
      'serve-static@1.15.0->1.16.2', 'side-channel@1.0.4->1.0.6', 'socket.io-adapter@2.4.0->2.5.5',
      'socket.io-parser@4.0.5->4.2.4', 'socket.io@4.5.0->4.8.1', 'ws@8.2.3->8.17.1',
    ]],
    ['aws-aws-toolkit-vscode-lockv3', 'package-lock.json', [
      '@aws/language-server-runtimes-types@0.1.51->0.1.56', '@aws/language-server-runtimes@0.2.119->0.2.125',
      '@types/eslint@8.44.8->8.56.12',
    ]],
    ['firebase-firebase-tools-shrinkwrap', 'npm-shrinkwrap.json', [
      '@babel/code-frame@7.18.6->7.29.0', '@babel/generator@7.19.0->7.29.1', '@babel/helper-string-parser@7.19.4->7.27.1',
      '@babel/helper-validator-identifier@7.19.1->7.28.5', '@babel/parser@7.21.4->7.29.2', '@babel/template@7.18.10->7.28.6',
      '@babel/traverse@7.19.1->7.29.0', '@babel/types@7.21.4->7.29.0', '@grpc/grpc-js@1.14.0->1.14.3',
      '@hono/node-server@1.19.7->1.19.13', '@jridgewell/gen-mapping@0.3.2->0.3.13', '@jridgewell/sourcemap-codec@1.4.14->1.5.5',
      '@jridgewell/trace-mapping@0.3.15->0.3.31', '@modelcontextprotocol/sdk@1.25.1->1.29.0', 'basic-ftp@5.0.5->5.2.2',
      'brace-expansion@1.1.11->1.1.14', 'diff@4.0.2->8.0.4', 'express-rate-limit@7.5.0->8.3.2', 'hono@4.11.9->4.12.12',
      'jsesc@2.5.2->3.1.0', 'lsofi@1.0.0->2.0.0', 'picomatch@2.3.1->2.3.2', 'qs@6.13.0->6.15.1', 'rollup@3.20.2->3.30.0',
      'serialize-javascript@6.0.2->7.0.5', 'tar@6.2.1->7.5.13', 'underscore@1.13.6->1.13.8', 'yaml@2.6.1->2.8.3',
      'zod@3.24.3->3.25.76',
    ]],
  ])('%s, on the extracted sides and through the pipeline', async (slug, file, expected) => {
    const [base, head] = [extract(slug, 'base', file), extract(slug, 'head', file)];
    const changes = diffCollected(base, head);
    expectIdentitySetsUnchanged(base, head, changes);
    const pairs = changes.flatMap((c) => (c.previous ? [`${c.dependency.name}@${c.previous.version}->${c.dependency.version}`] : []));
    expect(pairs.sort()).toEqual(expected);
    const records = recordsOf((await evaluateCorpusPair(`npm/${slug}`)).changes, { ecosystem: 'npm', manifest: file });
    const recordedPairs = records.flatMap((r) => (r.change === 'upgraded' || r.change === 'downgraded' ? [`${r.name}@${r.from}->${r.to}`] : []));
    expect(recordedPairs.sort()).toEqual(expected);
  });
});

describe('npm corpus: lines, scopes and declarations checked by hand (grep -n)', () => {
  it('v1: chai is a direct dev dependency at its lockfile line, declared in package.json', () => {
    const chai = extract('mochajs-mocha-lockv1', 'head', 'package-lock.json').find((d) => d.name === 'chai');
    expect(chai).toMatchObject({ version: '4.2.0', line: 6261, scope: 'development', direct: true, declaredAt: { path: 'package.json', line: 93 } });
  });
  it('v2: follow-redirects is a direct runtime dependency; its entry records no license (looked up later)', () => {
    const dependency = extract('axios-axios-lockv2', 'head', 'package-lock.json').find((d) => d.name === 'follow-redirects');
    expect(dependency).toMatchObject({ version: '1.15.6', line: 11117, scope: 'runtime', direct: true, declaredAt: { path: 'package.json', line: 150 } });
    expect(dependency?.license).toBeUndefined();
  });
  it('v3 workspaces: link entries are not dependencies; entries keep their 8-space-indented lines', () => {
    const head = extract('aws-aws-toolkit-vscode-lockv3', 'head', 'package-lock.json');
    expect(head.find((d) => d.name === 'amazon-q-vscode')).toBeUndefined();
    expect(head.find((d) => d.name === 'amazon-states-language-service')).toMatchObject({ version: '1.16.1', line: 22123, license: 'MIT' });
  });
});
