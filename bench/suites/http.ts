import autocannon from 'autocannon';
import { childMain, startServerChild, type ServerChild } from '../child.js';
import type { BenchConfig } from '../config.js';
import { ClaimsLoad } from '../load.js';
import { makeRow, type Row } from '../report.js';
import type { BareServerInput } from '../servers/bare-server.js';
import type { LedgerServerInput } from '../servers/ledger-server.js';

/**
 * The API under load, on loopback, with autocannon in this process and each server in its own:
 * the product's server over the large log, then bare Fastify routes answering the same bytes.
 */
export interface HttpInput {
  config: BenchConfig;
  /** The log the service serves, and how many events it holds. */
  path: string;
  events: number;
  checkpointPath: string;
}

interface Load {
  /** How long the measured run lasted. */
  seconds: number;
  rate: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Server CPU time (all its threads) per request of the measured run, in µs. */
  cpuMicrosPerRequest: number;
  /** Requests per durable commit in the measured run, where the server counts commits. */
  requestsPerCommit?: number;
}

/** Transfers the GET /transfers/:id load cycles through (the ones the log has). */
const CANDIDATE_TRANSFERS = 200;

interface Routes {
  counts: autocannon.Request;
  transfer: autocannon.Request;
  post: autocannon.Request;
}

/**
 * The three loads on one server, each after an unmeasured run, so that no server is measured
 * while its JIT warms up. autocannon ends a run on its one-second tick, so a warm-up lasts a
 * second at least: the two GET routes share one. POST comes last: it grows the log the GETs read.
 */
async function loadRoutes(config: BenchConfig, server: ServerChild, routes: Routes): Promise<Record<keyof Routes, Load>> {
  await warmUp(config, server, [routes.counts, routes.transfer]);
  const counts = await cannon(config, server, routes.counts);
  const transfer = await cannon(config, server, routes.transfer);
  await warmUp(config, server, [routes.post]);
  return { counts, transfer, post: await cannon(config, server, routes.post) };
}

async function warmUp(config: BenchConfig, server: ServerChild, requests: autocannon.Request[]): Promise<void> {
  const seconds = Math.max(0.25, secondsOf(config, requests[0]!) / 4);
  await autocannon({ url: server.url, connections: config.httpConnections, duration: seconds, requests });
}

async function cannon(config: BenchConfig, server: ServerChild, request: autocannon.Request): Promise<Load> {
  const seconds = secondsOf(config, request);
  const options = { url: server.url, connections: config.httpConnections, duration: seconds, requests: [request] };
  const before = await server.usage();
  const result = await autocannon(options);
  const after = await server.usage();
  const requests = Math.max(1, result.requests.total);
  const commits = (after.counters['commits'] ?? 0) - (before.counters['commits'] ?? 0);
  const appends = (after.counters['appends'] ?? 0) - (before.counters['appends'] ?? 0);
  return {
    seconds,
    rate: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / requests,
    ...(commits > 0 ? { requestsPerCommit: appends / commits } : {}),
  };
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

async function measureLedger(config: BenchConfig, server: ServerChild) {
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
  return {
    bodies: { counts, transfer: medianBySize(transferBodies), post: postBody, postStatus: post.status },
    transferPaths,
    ...(await loadRoutes(config, server, {
      counts: { method: 'GET', path: '/counts' },
      transfer: rotating(transferPaths),
      post: posting('bench-post'),
    })),
  };
}

function medianBySize(bodies: readonly string[]): string {
  return [...bodies].sort((a, b) => a.length - b.length)[Math.floor(bodies.length / 2)] ?? '{}';
}

async function run({ config, path, events, checkpointPath }: HttpInput): Promise<Row[]> {
  const ledgerServer = await startServerChild<LedgerServerInput>('./servers/ledger-server.ts', { store: `sqlite:${path}`, checkpointPath });
  let ledger: Awaited<ReturnType<typeof measureLedger>>;
  try {
    ledger = await measureLedger(config, ledgerServer);
  } finally {
    await ledgerServer.stop();
  }

  const bareServer = await startServerChild<BareServerInput>('./servers/bare-server.ts', {
    routes: [
      { method: 'GET', path: '/counts', status: 200, body: ledger.bodies.counts },
      { method: 'GET', path: '/transfers/:id', status: 200, body: ledger.bodies.transfer },
      { method: 'POST', path: '/commands', status: ledger.bodies.postStatus, body: ledger.bodies.post },
    ],
  });
  let bare: { counts: Load; transfer: Load; post: Load };
  try {
    bare = await loadRoutes(config, bareServer, {
      counts: { method: 'GET', path: '/counts' },
      transfer: rotating(ledger.transferPaths),
      post: posting('bench-bare'),
    });
  } finally {
    await bareServer.stop();
  }

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
        `(bare ${Math.round(ceiling.cpuMicrosPerRequest)} µs); ${config.httpConnections} connections, ${project.seconds} s; ` +
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
    row('GET /counts under load', ledger.counts, bare.counts, 0.5, ledger.bodies.counts, '', getWhy),
    row('GET /transfers/:id under load', ledger.transfer, bare.transfer, 0.5, ledger.bodies.transfer, `, cycling through ${ledger.transferPaths.length} transfers`, getWhy),
    row(
      'POST /commands, one claim each, durable',
      ledger.post,
      bare.post,
      0.2,
      ledger.bodies.post,
      '; each a new AssertClaim, answered after it is on disk and projected',
      `server CPU per request (all threads, measured over the run): ${Math.round(bare.post.cpuMicrosPerRequest)} µs for the bare route, ` +
        `${Math.round(ledger.post.cpuMicrosPerRequest)} µs here: each command is also validated, decided against the projections, ` +
        'given its content-derived command id (canonical JSON + UUIDv5), appended with its hash-chain link, committed durably ' +
        `(${ledger.post.requestsPerCommit === undefined ? 'commits not counted' : `${ledger.post.requestsPerCommit.toFixed(1)} requests per commit`}; ` +
        'each commit writes every index page its events dirtied to the WAL and syncs it) and projected before the answer',
    ),
  ];
}

childMain(run);
