/**
 * A local fake of the metadata services (deps.dev v3alpha batches, OSV, ClearlyDefined) over real
 * HTTP, with a fixed latency per request and a count of the requests per route: the facts
 * benchmark measures requests and wall time against it, and the end-to-end tests point the app at
 * it. It speaks the services' own request and answer shapes (field names as their docs give them);
 * what it knows about each package comes from a `world` function.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake says about one package version, by (system, name, version). */
export interface FakePackage {
  licenses?: string[];
  deprecatedReason?: string;
  publishedAt?: string;
  /** `github.com/owner/repo`. */
  repository?: string;
  /** OSV records affecting the version (full records, as GET /v1/vulns/{id} returns them). */
  vulns?: OsvRecord[];
}

export interface OsvRecord {
  id: string;
  modified: string;
  summary?: string;
  aliases?: string[];
  severity?: { type: string; score: string }[];
  affected?: { package: { ecosystem: string; name: string }; ranges?: { type: string; events: Record<string, string>[] }[] }[];
  database_specific?: Record<string, unknown>;
}

export interface FakeWorld {
  /** By deps.dev system (`NPM`) or OSV ecosystem (`npm`), name and version; undefined = unknown version. */
  package(system: string, name: string, version: string): FakePackage | undefined;
  /** Scorecard by repository (`github.com/owner/repo`). */
  scorecard?(repository: string): { overallScore: number; checks: { name: string; score: number }[]; date: string } | undefined;
}

export interface FakeSources {
  url: string;
  /** Requests by route (`POST /v3alpha/versionbatch`, `GET /v1/vulns`...). */
  requests: Map<string, number>;
  total(): number;
  close(): Promise<void>;
}

export async function startFakeSources(world: FakeWorld, options: { latencyMs?: number } = {}): Promise<FakeSources> {
  const requests = new Map<string, number>();
  const latency = options.latencyMs ?? 0;
  const server: Server = createServer((request, response) => {
    void readBody(request).then(async (body) => {
      const route = routeOf(request);
      requests.set(route, (requests.get(route) ?? 0) + 1);
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      answer(route, request.url ?? '', body, world, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    total: () => [...requests.values()].reduce((sum, count) => sum + count, 0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function routeOf(request: IncomingMessage): string {
  const path = (request.url ?? '').split('?')[0] ?? '';
  return `${request.method} ${path.startsWith('/v1/vulns/') ? '/v1/vulns' : path}`;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

interface VersionKey {
  system: string;
  name: string;
  version: string;
}

function answer(route: string, url: string, body: unknown, world: FakeWorld, response: ServerResponse): void {
  if (route === 'POST /v3alpha/versionbatch') {
    const requests = (body as { requests: { versionKey: VersionKey }[] }).requests;
    return send(response, 200, { responses: requests.map((request) => ({ request, ...versionOf(request.versionKey, world) })), nextPageToken: '' });
  }
  if (route === 'POST /v3alpha/projectbatch') {
    const requests = (body as { requests: { projectKey: { id: string } }[] }).requests;
    return send(response, 200, {
      responses: requests.map((request) => {
        const scorecard = world.scorecard?.(request.projectKey.id);
        return { request, project: { projectKey: request.projectKey, ...(scorecard ? { scorecard } : {}) } };
      }),
      nextPageToken: '',
    });
  }
  if (route === 'POST /v1/querybatch') {
    const queries = (body as { queries: { package: { name: string; ecosystem: string }; version: string }[] }).queries;
    return send(response, 200, {
      results: queries.map((query) => {
        const vulns = world.package(query.package.ecosystem, query.package.name, query.version)?.vulns ?? [];
        return vulns.length > 0 ? { vulns: vulns.map((record) => ({ id: record.id, modified: record.modified })) } : {};
      }),
    });
  }
  if (route === 'GET /v1/vulns') {
    const id = decodeURIComponent(url.slice('/v1/vulns/'.length));
    const record = recordById(world, id);
    return record ? send(response, 200, record) : send(response, 404, { code: 5, message: 'Bug not found.' });
  }
  if (route === 'POST /definitions') {
    const coordinates = body as string[];
    return send(response, 200, Object.fromEntries(coordinates.map((coordinate) => [coordinate, definitionOf(coordinate, world)])));
  }
  send(response, 404, { error: `fake sources: no route ${route}` });
}

function versionOf(key: VersionKey, world: FakeWorld): Record<string, unknown> {
  const known = world.package(key.system, key.name, key.version);
  if (!known) return {};
  return {
    version: {
      versionKey: key,
      publishedAt: known.publishedAt ?? '2020-01-01T00:00:00Z',
      isDefault: false,
      isDeprecated: known.deprecatedReason !== undefined,
      deprecatedReason: known.deprecatedReason ?? '',
      licenses: known.licenses ?? [],
      advisoryKeys: (known.vulns ?? []).map((record) => ({ id: record.id })),
      relatedProjects: known.repository ? [{ projectKey: { id: known.repository }, relationProvenance: 'UNVERIFIED_METADATA', relationType: 'SOURCE_REPO' }] : [],
    },
  };
}

/** Every record the world knows, found by id (the fake keeps no index: worlds are small or generated). */
const records = new WeakMap<FakeWorld, Map<string, OsvRecord>>();

/** Registers the records a world returns so GET /v1/vulns/{id} can find them. */
export function withRecords(world: FakeWorld, all: readonly OsvRecord[]): FakeWorld {
  records.set(world, new Map(all.map((record) => [record.id, record])));
  return world;
}

function recordById(world: FakeWorld, id: string): OsvRecord | undefined {
  return records.get(world)?.get(id);
}

function definitionOf(coordinate: string, world: FakeWorld): Record<string, unknown> {
  const [type, , namespace, name, revision] = coordinate.split('/');
  const fullName = namespace && namespace !== '-' ? `${namespace}/${name}` : (name ?? '');
  const known = world.package(type ?? '', fullName, revision ?? '');
  const declared = known?.licenses?.join(' AND ');
  return { coordinates: { type, name, revision }, licensed: declared ? { declared } : {} };
}
