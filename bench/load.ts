/**
 * Load benchmark (`npm run bench:load`, issue 17): the BUILT app (dist/) as real processes, two
 * replicas on one redis-server (started here; or the Redis at REDIS_URL), or with `--embedded`
 * one replica without Redis, for comparison, against the fake GitHub over HTTP with 100 ms per
 * answer. 200 `pull_request` events over 20 repositories (one installation and one pull request
 * each), spread over 50 s: per repository an `opened`, then 9 `synchronize`, each after a new head
 * was pushed, at random (seeded) moments, sent whether or not the previous one of that repository
 * is finished. Probot's
 * throttling is on (its default): it spaces one installation's writes 1 s apart, so one
 * installation could not take 200 pull requests in 60 s; hence 20.
 *
 * What is counted, per head (each event brings a new one): a head whose job found it was no
 * longer the pull request's head when it started is legitimately skipped (no check run:
 * `skippedSuperseded`); every other head must end with exactly one completed check run (`stuck`:
 * a check run left in progress; `duplicates`: more than one check run for the head); the last
 * head of every repository must be evaluated (`finalHeadsCompleted`). Latency: from sending the
 * webhook to its head's check run completed, over the completed heads. JSON on stdout, progress on
 * stderr; wall time must stay under 3 minutes.
 *
 * Environment: LOAD_REPOS (20), LOAD_EVENTS_PER_REPO (10), LOAD_SPREAD_S (50), LOAD_LATENCY_MS (100),
 * LOAD_DRAIN_S (90: how long to wait after the last event), LOAD_SEED (17), REDIS_URL (use this Redis).
 */
import { performance } from 'node:perf_hooks';
import { startAppProcess, type AppProcess } from '../test/app/helpers/app-process.js';
import { startFakeGitHubServer, type FakeGitHubServer } from '../test/app/helpers/fake-github-server.js';
import { project, type Pkg } from '../test/app/helpers/fixtures.js';
import { startRedis, type RedisProcess } from '../test/app/helpers/redis-process.js';
import { OWNER, pullRequestEvent, pushHead, servePull, type ServedPull } from '../test/app/helpers/replica-scenario.js';
import { headPackages } from '../test/app/scenario.js';

const env = process.env;
const REPOS = Number(env.LOAD_REPOS ?? 20);
const EVENTS_PER_REPO = Number(env.LOAD_EVENTS_PER_REPO ?? 10);
const SPREAD_MS = Number(env.LOAD_SPREAD_S ?? 50) * 1000;
const LATENCY_MS = Number(env.LOAD_LATENCY_MS ?? 100);
const DRAIN_MS = Number(env.LOAD_DRAIN_S ?? 90) * 1000;

interface Sent {
  pull: ServedPull;
  head: string;
  sentAt: number;
  replica: string;
  /** The webhook's HTTP status, or the error's message. */
  ack?: number | string;
  ackMs?: number;
}

async function main(): Promise<void> {
  const embedded = process.argv.includes('--embedded');
  const started = performance.now();
  const server = await startFakeGitHubServer({ latencyMs: LATENCY_MS });
  const pulls = Array.from({ length: REPOS }, (_, index) => servePull(server, `load-${String(index + 1).padStart(2, '0')}`, index + 1));
  const completions = watchCompletions(server, pulls);
  const ownRedis: RedisProcess | undefined = embedded || env.REDIS_URL ? undefined : await startRedis();
  const redisUrl = embedded ? undefined : (env.REDIS_URL ?? ownRedis?.url);
  const replicas = await startReplicas(server, embedded ? 1 : 2, redisUrl);
  try {
    progress(`${replicas.length} replica(s)${redisUrl ? ` on ${redisUrl}` : ', embedded (no Redis)'}; sending ${REPOS * EVENTS_PER_REPO} events over ${SPREAD_MS / 1000} s`);
    const sent = await sendEvents(pulls, replicas);
    progress('all sent; waiting for the last heads');
    const drained = await drain(server, pulls, DRAIN_MS);
    const peakRssMb = Object.fromEntries(replicas.map((replica) => [replica.name, Math.round((replica.peakRssKb() ?? 0) / 1024)]));
    const result = summarize({ sent, pulls, completions, server, drained, peakRssMb, mode: embedded ? 'embedded, 1 replica, no Redis' : `2 replicas on Redis${ownRedis ? ' (started here)' : ' (REDIS_URL)'}` });
    process.stdout.write(`${JSON.stringify({ ...result, wallTimeS: round((performance.now() - started) / 1000) }, null, 2)}\n`);
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await ownRedis?.stop();
    await server.close();
  }
}

async function startReplicas(server: FakeGitHubServer, count: number, redisUrl: string | undefined): Promise<AppProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      startAppProcess({ githubHost: server.host, name: `replica-${index + 1}`, logLevel: 'warn', ...(redisUrl ? { redisUrl } : {}) }),
    ),
  );
}

/** When each head's check run first became completed, by `target head`. */
function watchCompletions(server: FakeGitHubServer, pulls: readonly ServedPull[]): Map<string, number> {
  const byTarget = new Map(pulls.map((pull) => [pull.target, pull]));
  const completions = new Map<string, number>();
  server.onAnswered(({ target, method, path, status, at }) => {
    const id = /\/check-runs\/(\d+)$/.exec(path)?.[1];
    if (method !== 'PATCH' || id === undefined || status !== 200) return;
    const run = byTarget.get(target)?.fake.checkRuns.find((candidate) => candidate.id === Number(id));
    const key = `${target} ${run?.head_sha}`;
    if (run?.status === 'completed' && !completions.has(key)) completions.set(key, at);
  });
  return completions;
}

/**
 * Each repository's events at its own random moments (seeded: the same every run) over the
 * spread, sorted: some follow the previous one by less than an evaluation takes, so older heads
 * get superseded. Replicas alternate per repository and event.
 */
function schedule(pulls: readonly ServedPull[]): { pull: ServedPull; index: number; event: number; atMs: number }[] {
  const random = seededRandom(Number(env.LOAD_SEED ?? 17));
  return pulls
    .flatMap((pull, index) =>
      Array.from({ length: EVENTS_PER_REPO }, () => random() * SPREAD_MS)
        .sort((a, b) => a - b)
        .map((atMs, event) => ({ pull, index, event, atMs })),
    )
    .sort((a, b) => a.atMs - b.atMs);
}

async function sendEvents(pulls: readonly ServedPull[], replicas: readonly AppProcess[]): Promise<Sent[]> {
  const origin = Date.now();
  const sent: Sent[] = [];
  const acks: Promise<void>[] = [];
  for (const { pull, index, event, atMs } of schedule(pulls)) {
    const due = origin + atMs;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const head = event === 0 ? pull.fake.pull.headSha : pushHead(pull, `head-${event}`, () => filesAt(event));
    const replica = replicas[(index + event) % replicas.length]!;
    const record: Sent = { pull, head, sentAt: Date.now(), replica: replica.name };
    sent.push(record);
    acks.push(
      replica.post('pull_request', pullRequestEvent(pull, event === 0 ? 'opened' : 'synchronize')).then(
        (response) => void ((record.ack = response.status), (record.ackMs = Date.now() - record.sentAt)),
        (error: Error) => void (record.ack = error.message),
      ),
    );
  }
  // Embedded, the webhook answers when its job is done: these settle during the drain as well.
  void Promise.all(acks);
  return sent;
}

/** mulberry32: a small seeded generator, so every run sends the same schedule. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** The scenario's head files plus one MIT package per later event (a new tree per head). */
function filesAt(event: number): Record<string, string> {
  const extra: Pkg[] = Array.from({ length: event }, (_, index) => ({ name: `load-pkg-${index + 1}`, version: '1.0.0', license: 'MIT', direct: true }));
  return { 'README.md': `# demo ${event}\n`, ...project([...headPackages, ...extra]) };
}

/** Until every repository's last head has a completed check run and none is in progress, then 1 s without requests. */
async function drain(server: FakeGitHubServer, pulls: readonly ServedPull[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const settled = () =>
    pulls.every((pull) => pull.fake.checkRuns.some((run) => run.head_sha === pull.fake.pull.headSha && run.status === 'completed')) &&
    pulls.every((pull) => pull.fake.checkRuns.every((run) => run.status === 'completed'));
  while (!settled()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.quiet(1_000, timeoutMs);
  return true;
}

interface Inputs {
  sent: readonly Sent[];
  pulls: readonly ServedPull[];
  completions: Map<string, number>;
  server: FakeGitHubServer;
  drained: boolean;
  peakRssMb: Record<string, number>;
  mode: string;
}

function summarize({ sent, pulls, completions, server, drained, peakRssMb, mode }: Inputs) {
  const heads = sent.map((event) => ({ event, runs: event.pull.fake.checkRuns.filter((run) => run.head_sha === event.head) }));
  const completedHeads = heads.filter(({ runs }) => runs.length > 0 && runs.every((run) => run.status === 'completed'));
  const latencies = completedHeads.map(({ event }) => (completions.get(`${event.pull.target} ${event.head}`) ?? NaN) - event.sentAt).filter(Number.isFinite);
  const calls = pulls.map((pull) => server.counts.get(pull.target) ?? 0);
  const acked = sent.filter((event) => typeof event.ack === 'number' && event.ack >= 200 && event.ack < 300);
  return {
    mode,
    repositories: pulls.length,
    installations: pulls.length,
    githubLatencyMs: LATENCY_MS,
    eventsSent: sent.length,
    eventsAcknowledged: acked.length,
    webhookAckMs: percentiles(acked.map((event) => event.ackMs ?? NaN).filter(Number.isFinite)),
    checkRunsCompleted: pulls.reduce((sum, pull) => sum + pull.fake.checkRuns.filter((run) => run.status === 'completed').length, 0),
    headsCompleted: completedHeads.length,
    skippedSuperseded: heads.filter(({ runs }) => runs.length === 0).length,
    stuck: heads.filter(({ runs }) => runs.some((run) => run.status !== 'completed')).map(({ event }) => `${event.pull.target}@${event.head.slice(0, 7)}`),
    duplicates: heads.filter(({ runs }) => runs.length > 1).map(({ event, runs }) => `${event.pull.target}@${event.head.slice(0, 7)}: ${runs.length} check runs`),
    finalHeadsCompleted: `${pulls.filter((pull) => pull.fake.checkRuns.some((run) => run.head_sha === pull.fake.pull.headSha && run.status === 'completed')).length}/${pulls.length}`,
    drained,
    reviews: pulls.reduce((sum, pull) => sum + pull.fake.reviews.length, 0),
    webhookToCompletedMs: percentiles(latencies),
    // Calls naming the pull request's repository, over its 10 events; the org's `.github` (its policy) apart.
    githubCallsPerPullRequest: { mean: round(calls.reduce((sum, count) => sum + count, 0) / calls.length), max: Math.max(...calls), eventsPerPullRequest: EVENTS_PER_REPO },
    orgRepositoryCalls: server.counts.get(`${OWNER}/.github`) ?? 0,
    // Every repository call (the org's included) over the heads evaluated.
    githubCallsPerCompletedHead: round(repositoryCalls(server) / Math.max(1, completedHeads.length)),
    appRouteCalls: server.counts.get('app') ?? 0,
    peakRssMb,
    note: "Probot's throttling (on) spaces one installation's writes 1 s apart: one installation could not take 200 pull requests in 60 s, hence one installation per repository",
  };
}

const repositoryCalls = (server: FakeGitHubServer) => [...server.counts].filter(([target]) => target !== 'app').reduce((sum, [, count]) => sum + count, 0);

function percentiles(values: readonly number[]): { p50: number; p95: number; max: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? NaN;
  return { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(sorted[sorted.length - 1] ?? NaN), count: sorted.length };
}

const round = (value: number) => Math.round(value * 10) / 10;
const progress = (message: string) => process.stderr.write(`bench:load: ${message}\n`);

main().catch((error: unknown) => {
  process.stderr.write(`bench:load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
