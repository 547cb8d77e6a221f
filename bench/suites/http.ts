import autocannon from 'autocannon';
import { childMain, startServerChild, type ServerChild } from '../child.js';
import type { BenchConfig } from '../config.js';
import { fastestLoad, type Load } from '../fastest-load.js';
import { ClaimsLoad } from '../load.js';
import { makeRow, type Row } from '../report.js';
import type { BareServerInput } from '../servers/bare-server.js';
import type { LedgerServerInput } from '../servers/ledger-server.js';

/**
 * The API under load, on loopback, with autocannon in this process and each server in its own:
 * the product's server over a log, and bare Fastify routes answering the same bytes. Both run
 * at once (the one not under load idles), and each route's loads alternate between them, so
 * that a slow spell of the machine weighs on a ratio's two sides alike.
 */
export interface HttpInput {
  config: BenchConfig;
  /** The log the service serves, and how many events it holds. */
  path: string;
  events: number;
  checkpointPath: string;
}

/** Transfers the GET /transfers/:id load cycles through (the ones the log has). */
const CANDIDATE_TRANSFERS = 200;

interface Routes {
  counts: autocannon.Request;
  transfer: autocannon.Request;
  post: autocannon.Request;
}

type Side = 'ledger' | 'bare';
/**
 * Work a POST run leaves the ledger with (its checkpointer copying the WAL back, the kernel
 * writing pages out) must never fall in a bare run, or the ratio would flatter the ledger: so
 * the ledger warms up first and the bare route's warm-up comes after it, and the measured runs
 * start with the bare route (bare, ledger, then ledger, bare …). In the quick run (one round),
 * a bare POST run right after the ledger's served 14.4k-16.8k requests/s at 50-61 µs of CPU
 * each, and 25.1k at 36 µs when it ran first.
 */
const WARM_UP_ORDER: readonly Side[] = ['ledger', 'bare'];
const FIRST_ROUND_ORDER: readonly Side[] = ['bare', 'ledger'];

/**
 * The three loads on both servers, each server warmed up first by an unmeasured run, so that
 * none is measured while its JIT warms up. autocannon ends a run on its one-second tick, so a
 * warm-up lasts a second at least: the two GET routes share one. POST comes last: it grows the
 * log the GETs read.
 */
async function loadSideBySide(
  config: BenchConfig,
  servers: Record<Side, ServerChild>,
  routes: Record<Side, Routes>,
): Promise<Record<Side, Record<keyof Routes, Load>>> {
  for (const side of WARM_UP_ORDER) await warmUp(config, servers[side], [routes[side].counts, routes[side].transfer]);
  const counts = await alternating(config, servers, (side) => routes[side].counts);
  const transfer = await alternating(config, servers, (side) => routes[side].transfer);
  for (const side of WARM_UP_ORDER) await warmUp(config, servers[side], [routes[side].post]);
  const post = await alternating(config, servers, (side) => routes[side].post);
  const of = (side: Side) => ({ counts: counts[side], transfer: transfer[side], post: post[side] });
  return { ledger: of('ledger'), bare: of('bare') };
}

/**
 * `config.httpRounds` rounds of one route, each a run on either server, in the order
 * bare, ledger, then ledger, bare, and so on (see FIRST_ROUND_ORDER). Each side keeps its
 * fastest run, and the failures of all its runs.
 */
async function alternating(
  config: BenchConfig,
  servers: Record<Side, ServerChild>,
  request: (side: Side) => autocannon.Request,
): Promise<Record<Side, Load>> {
  const runs: Record<Side, Load[]> = { ledger: [], bare: [] };
  for (let round = 0; round < config.httpRounds; round += 1) {
    for (const side of round % 2 === 0 ? FIRST_ROUND_ORDER : [...FIRST_ROUND_ORDER].reverse()) {
      await bothIdle(servers);
      runs[side].push(await cannon(config, servers[side], request(side)));
    }
  }
  return { ledger: fastestLoad(runs.ledger), bare: fastestLoad(runs.bare) };
}

/** A server using less than this share of a core over IDLE_WINDOW_MS is idle. */
const IDLE_SHARE = 0.1;
const IDLE_WINDOW_MS = 50;
const IDLE_WAIT_LIMIT_MS = 10_000;

/**
 * Waits (up to IDLE_WAIT_LIMIT_MS) until neither server is busy, so that no run shares the
 * machine with work the other server was left with: a POST run can set off a checkpoint save
 * that the ledger finishes in the background.
 */
async function bothIdle(servers: Record<Side, ServerChild>): Promise<void> {
  const deadline = performance.now() + IDLE_WAIT_LIMIT_MS;
  const cpu = () => Promise.all(Object.values(servers).map(async (server) => (await server.usage()).cpuMicros));
  for (;;) {
    const before = await cpu();
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    const after = await cpu();
    const busy = after.some((micros, i) => micros - before[i]! > IDLE_SHARE * IDLE_WINDOW_MS * 1000);
    if (!busy || performance.now() > deadline) return;
  }
}

async function warmUp(config: BenchConfig, server: ServerChild, requests: autocannon.Request[]): Promise<void> {
  const seconds = Math.max(0.25, secondsOf(config, requests[0]!) / 4);
  await autocannon({ url: server.url, connections: config.httpConnections, duration: seconds, requests });
}

async function cannon(config: BenchConfig, server: ServerChild, request: autocannon.Request): Promise<Load> {
  // autocannon ends a run on its one-second tick.
  const seconds = Math.max(1, Math.round(secondsOf(config, request) / config.httpRounds));
  const options = { url: server.url, connections: config.httpConnections, duration: seconds, requests: [request] };
  const before = await server.usage();
  const result = await autocannon(options);
  const after = await server.usage();
  const requests = Math.max(1, result.requests.total);
  const commits = (after.counters['commits'] ?? 0) - (before.counters['commits'] ?? 0);
  const appends = (after.counters['appends'] ?? 0) - (before.counters['appends'] ?? 0);
  return {
    seconds,
    runs: 1,
    rate: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / requests,
    ...(commits > 0 ? { requestsPerCommit: appends / commits } : {}),
  };
}

/** How the figures of a load were measured, for the row's note. */
function runsOf(load: Load): string {
  return load.runs === 1
    ? `${load.seconds} s, right after the bare route's`
    : `the fastest of ${load.runs} runs of ${load.seconds} s, alternating with the bare route's`;
}

function secondsOf(config: BenchConfig, request: autocannon.Request): number {
  return request.method === 'POST' ? config.postSeconds : config.httpSeconds;
}

function rotating(paths: readonly string[]): autocannon.Request {
  let next = 0;
  return { method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) };
}

/** New AssertClaim commands citing the story's first sources and reports, which every log of this seed has. */
function claimBodies(prefix: string): () => string {
  const load = new ClaimsLoad();
  load.take(500);
  let next = 0;
  return () => JSON.stringify(load.freshClaim(`${prefix}-${next++}`));
}

function posting(prefix: string): autocannon.Request {
  const body = claimBodies(prefix);
  return {
    method: 'POST',
    path: '/commands',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, body: body() }),
  };
}

/** The bodies the bare routes answer with, and the transfers the ledger has, asked of the ledger once. */
async function probeLedger(server: ServerChild) {
  const get = (path: string) => fetch(`${server.url}${path}`);
  const counts = await (await get('/counts')).text();
  const transferPaths: string[] = [];
  const transferBodies: string[] = [];
  for (let n = 0; n < CANDIDATE_TRANSFERS; n += 1) {
    const response = await get(`/transfers/syria-iraq-${n}`);
    const body = await response.text();
    if (response.status === 200) {
      transferPaths.push(`/transfers/syria-iraq-${n}`);
      transferBodies.push(body);
    }
  }
  const post = await fetch(`${server.url}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: claimBodies('bench-probe')(),
  });
  const postBody = await post.text();
  return { bodies: { counts, transfer: medianBySize(transferBodies), post: postBody, postStatus: post.status }, transferPaths };
}

function medianBySize(bodies: readonly string[]): string {
  return [...bodies].sort((a, b) => a.length - b.length)[Math.floor(bodies.length / 2)] ?? '{}';
}

function routesOf(transferPaths: readonly string[], postPrefix: string): Routes {
  return { counts: { method: 'GET', path: '/counts' }, transfer: rotating(transferPaths), post: posting(postPrefix) };
}

async function run({ config, path, events, checkpointPath }: HttpInput): Promise<Row[]> {
  const ledgerServer = await startServerChild<LedgerServerInput>('./servers/ledger-server.ts', { store: `sqlite:${path}`, checkpointPath });
  let probed: Awaited<ReturnType<typeof probeLedger>>;
  let loads: Record<Side, Record<keyof Routes, Load>>;
  try {
    probed = await probeLedger(ledgerServer);
    const { bodies, transferPaths } = probed;
    const bareServer = await startServerChild<BareServerInput>('./servers/bare-server.ts', {
      routes: [
        { method: 'GET', path: '/counts', status: 200, body: bodies.counts },
        { method: 'GET', path: '/transfers/:id', status: 200, body: bodies.transfer },
        { method: 'POST', path: '/commands', status: bodies.postStatus, body: bodies.post },
      ],
    });
    try {
      loads = await loadSideBySide(config, { ledger: ledgerServer, bare: bareServer }, {
        ledger: routesOf(transferPaths, 'bench-post'),
        bare: routesOf(transferPaths, 'bench-bare'),
      });
    } finally {
      await bareServer.stop();
    }
  } finally {
    await ledgerServer.stop();
  }
  const { ledger, bare } = loads;
  const { bodies } = probed;

  const row = (workload: string, project: Load, ceiling: Load, share: number, body: string, extra = '', whyMissed?: string) =>
    makeRow({
      workload,
      unit: 'req/s',
      project: project.rate,
      ceiling: ceiling.rate,
      target: `≥${share}× bare route`,
      events,
      met: ({ ratios }) => project.non2xx + project.errors === 0 && (ratios.vsCeiling ?? 0) >= share,
      notes:
        `p99 ${project.p99} ms (bare ${ceiling.p99} ms); server CPU ${Math.round(project.cpuMicrosPerRequest)} µs per request ` +
        `(bare ${Math.round(ceiling.cpuMicrosPerRequest)} µs); ${config.httpConnections} connections, ${runsOf(project)}; ` +
        `${Buffer.byteLength(body)}-byte body${extra}${project.non2xx + project.errors > 0 ? `; ${project.non2xx} non-2xx, ${project.errors} errors` : ''}`,
      ...(whyMissed === undefined ? {} : { whyMissed }),
      detail: {
        p99Ms: project.p99,
        bareP99Ms: ceiling.p99,
        bodyBytes: Buffer.byteLength(body),
        non2xx: project.non2xx,
        errors: project.errors,
        cpuMicrosPerRequest: Math.round(project.cpuMicrosPerRequest),
        bareCpuMicrosPerRequest: Math.round(ceiling.cpuMicrosPerRequest),
        ...(project.requestsPerCommit === undefined ? {} : { requestsPerCommit: Number(project.requestsPerCommit.toFixed(1)) }),
      },
    });
  const getWhy = 'bodies are computed once per log position and their JSON text kept; what remains is the route\'s own work (auth hook, zod validation of parameters and query, the as-of check)';
  return [
    row('GET /counts under load', ledger.counts, bare.counts, 0.5, bodies.counts, '', getWhy),
    row('GET /transfers/:id under load', ledger.transfer, bare.transfer, 0.5, bodies.transfer, `, cycling through ${probed.transferPaths.length} transfers`, getWhy),
    row(
      'POST /commands, one claim each, durable',
      ledger.post,
      bare.post,
      0.2,
      bodies.post,
      '; each a new AssertClaim, answered after it is on disk and projected',
      `server CPU per request (all threads, measured over its run): ${Math.round(bare.post.cpuMicrosPerRequest)} µs for the bare route, ` +
        `${Math.round(ledger.post.cpuMicrosPerRequest)} µs here: each command is also validated, decided against the projections, ` +
        'given its content-derived command id (canonical JSON + UUIDv5), appended with its hash-chain link, committed durably ' +
        `(${ledger.post.requestsPerCommit === undefined ? 'commits not counted' : `${ledger.post.requestsPerCommit.toFixed(1)} requests per commit`}; ` +
        'each commit writes every index page its events dirtied to the WAL and syncs it) and projected before the answer',
    ),
  ];
}

childMain(run);
