/** npm projects (package.json + package-lock.json v3 with `license` fields) and webhook payloads. */
import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';

const examples: unknown = createRequire(import.meta.url)('@octokit/webhooks-examples');

export interface Pkg {
  name: string;
  version: string;
  license?: string;
  /** Declared in package.json (else transitive). */
  direct?: boolean;
  dev?: boolean;
}

export function packageJson(packages: readonly Pkg[]): string {
  const runtime = Object.fromEntries(packages.filter((p) => p.direct && !p.dev).map((p) => [p.name, `^${p.version}`]));
  const dev = Object.fromEntries(packages.filter((p) => p.direct && p.dev).map((p) => [p.name, `^${p.version}`]));
  return `${JSON.stringify({ name: 'demo', version: '1.0.0', dependencies: runtime, ...(Object.keys(dev).length > 0 ? { devDependencies: dev } : {}) }, null, 2)}\n`;
}

export function lockfile(packages: readonly Pkg[]): string {
  const root = {
    name: 'demo',
    version: '1.0.0',
    dependencies: Object.fromEntries(packages.filter((p) => p.direct && !p.dev).map((p) => [p.name, `^${p.version}`])),
    ...(packages.some((p) => p.direct && p.dev) ? { devDependencies: Object.fromEntries(packages.filter((p) => p.direct && p.dev).map((p) => [p.name, `^${p.version}`])) } : {}),
  };
  const entries = Object.fromEntries(
    [...packages]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => [
        `node_modules/${p.name}`,
        { version: p.version, resolved: `https://registry.npmjs.org/${p.name}/-/${p.name}-${p.version}.tgz`, ...(p.dev ? { dev: true } : {}), ...(p.license ? { license: p.license } : {}) },
      ]),
  );
  return `${JSON.stringify({ name: 'demo', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': root, ...entries } }, null, 2)}\n`;
}

export function project(packages: readonly Pkg[]): Record<string, string> {
  return { 'package.json': packageJson(packages), 'package-lock.json': lockfile(packages) };
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not found`);
  return index + 1;
}

export const sha = (label: string) => createHash('sha1').update(label).digest('hex');

type Example = { name: string; examples: any[] };

/** A `pull_request` payload shaped like @octokit/webhooks-examples, for our repo and shas. */
export function pullRequestPayload(action: string, options: { number: number; headSha: string; baseSha: string; baseRef?: string; installationId?: number }): any {
  const definition = (examples as unknown as Example[]).find((entry) => entry.name === 'pull_request')!;
  const example = definition.examples.find((candidate) => candidate.action === action) ?? definition.examples.find((candidate) => candidate.action === 'opened');
  const payload = structuredClone(example);
  payload.action = action;
  payload.number = options.number;
  payload.pull_request.number = options.number;
  payload.pull_request.state = 'open';
  payload.pull_request.head.sha = options.headSha;
  payload.pull_request.base.sha = options.baseSha;
  payload.pull_request.base.ref = options.baseRef ?? 'main';
  payload.installation = { id: options.installationId ?? 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return payload;
}

export function checkRunPayload(action: string, overrides: (payload: any) => void): any {
  const definition = (examples as unknown as Example[]).find((entry) => entry.name === 'check_run')!;
  const payload = structuredClone(definition.examples.find((candidate) => candidate.action === action));
  payload.installation = { id: 1, node_id: 'x' };
  overrides(payload);
  return payload;
}

export function checkSuitePayload(action: string, overrides: (payload: any) => void): any {
  const definition = (examples as unknown as Example[]).find((entry) => entry.name === 'check_suite')!;
  const payload = structuredClone(definition.examples.find((candidate) => candidate.action === action));
  payload.installation = { id: 1, node_id: 'x' };
  overrides(payload);
  return payload;
}

/**
 * A `push` payload built from @octokit/webhooks-examples' push to `refs/heads/master` (the
 * repository's default branch there): our shas, ref and commit file lists (GitHub lists 20 at most).
 * `any`, like its siblings: a loose webhook payload, edited freely by tests.
 */
export function pushPayload(options: { before: string; after: string; ref?: string; repo?: string; commits?: { added?: string[]; modified?: string[]; removed?: string[] }[] }): any {
  const definition = (examples as unknown as Example[]).find((entry) => entry.name === 'push')!;
  const payload = structuredClone(definition.examples.find((candidate) => candidate.ref === 'refs/heads/master'));
  const template = payload.commits[0];
  payload.ref = options.ref ?? 'refs/heads/master';
  payload.before = options.before;
  payload.after = options.after;
  payload.created = /^0+$/.test(options.before);
  payload.deleted = /^0+$/.test(options.after);
  if (options.repo) {
    payload.repository.name = options.repo;
    payload.repository.full_name = `${payload.repository.owner.login}/${options.repo}`;
  }
  payload.commits = (options.commits ?? []).map((files, index) => {
    const commit = { ...structuredClone(template), id: sha(`commit-${index}`), added: files.added, modified: files.modified, removed: files.removed };
    for (const key of ['added', 'modified', 'removed'] as const) if (files[key] === undefined) delete commit[key];
    return commit;
  });
  payload.head_commit = payload.commits[payload.commits.length - 1] ?? null;
  payload.installation = { id: 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return payload;
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

let key: string | undefined;
/** A real RSA key (the app signs a JWT with it to ask the fake GitHub for an installation token). */
export function privateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return key;
}
