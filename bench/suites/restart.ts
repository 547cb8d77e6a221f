import { statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { stringifyJson } from '../../src/runtime/json.js';
import { loadConfig } from '../../src/config.js';
import { childMain } from '../child.js';
import { gzipGet } from '../gzip-get.js';
import { ClaimsLoad } from '../load.js';
import { MiB, peakRssBytes } from '../measure.js';

/**
 * A service restarting over a long log, timed from the call that opens it (`startServer`, as
 * `ledger serve` does) to the first `GET /counts` answered over HTTP. `full` starts with no
 * checkpoint yet (it folds the whole log), saves one in the background once it has, and
 * finishes it with the counts when stopped; `checkpointed`, run
 * in a fresh process, starts again from that checkpoint and must answer the same body; it
 * then also times reads of every transfer around a few writes (ReadsAfterWrites), and its
 * stop saves those writes as a delta.
 */
export interface RestartInput {
  mode: 'full' | 'checkpointed';
  path: string;
  checkpointPath: string;
  /** The /counts body the full start answered; the checkpointed start must answer the same. */
  expectedCounts?: string;
}

/**
 * The full views read around writes, once the checkpointed state is back: the first reads
 * resolve every transfer and facility; after each new claim (POSTed over HTTP) only that
 * claim's groups are resolved again (projections/group-refresh.ts). Timed as the Ledger's
 * `transfers()`, `counts()` and `facilities()`, in that order, the bodies the routes send: at
 * a million events the transfers body's JSON text is ~170 MiB, whose writing and reading over
 * HTTP would swamp what is measured here (its size and the time to write its text are
 * reported apart). A page of it is read over HTTP, as a client would page through the list.
 */
export interface ReadsAfterWrites {
  /** Seconds from the first /counts until /health said the state was back. */
  stateBackSeconds: number;
  firstMs: Record<ViewName, number>;
  /** Each view right after each POST of one new claim. */
  afterWriteMs: Record<ViewName, number[]>;
  /** `GET /transfers?limit=100` over HTTP after each write's reads, in milliseconds, gzipped as a browser takes it. */
  pageMs: number[];
  /** The last of those pages: its JSON, and the gzip bytes that carried it. */
  pageMiB: number;
  pageGzipMiB: number;
  /** After one more write, the next page of the list as it stood before it (`asOf` pinned), in milliseconds. */
  pinnedPageMs: number;
  transfersMiB: number;
  /** Writing the whole transfers body's JSON text, as `GET /transfers` does, in milliseconds. */
  transfersJsonMs: number;
}

export type ViewName = 'transfers' | 'counts' | 'facilities';

interface TransfersPage {
  asOf: { position: number };
  transfers: unknown[];
  next: string | null;
}

export interface RestartResult {
  seconds: number;
  countsJson: string;
  correct: boolean;
  /** How long stopping took (it finishes the checkpoint, or saves what changed since). */
  stopSeconds: number;
  /** The longest the event loop was held while stopping, in milliseconds. */
  stopLongestPauseMs: number;
  checkpointMiB: number;
  peakRssMiB: number;
  readsAfterWrites?: ReadsAfterWrites;
}

const WRITES = 3;
/** One page of transfers, as a client paging through a long list would ask for it. */
const PAGE_LIMIT = 100;

async function readsAfterWrites(server: RunningServer): Promise<ReadsAfterWrites> {
  const { url, ledger } = server;
  const waiting = performance.now();
  while (((await (await fetch(`${url}/health`)).json()) as { status: string }).status !== 'ok') {
    if (performance.now() - waiting > 120_000) throw new Error('the checkpointed state was not back within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stateBackSeconds = (performance.now() - waiting) / 1000;
  const read = () => {
    const times = {} as Record<ViewName, number>;
    for (const view of ['transfers', 'counts', 'facilities'] as const) {
      const started = performance.now();
      ledger[view]();
      times[view] = performance.now() - started;
    }
    return times;
  };
  const firstMs = read();
  const load = new ClaimsLoad();
  load.take(500);
  const afterWriteMs: Record<ViewName, number[]> = { transfers: [], counts: [], facilities: [] };
  const pageMs: number[] = [];
  const write = async (i: number) => {
    const posted = await fetch(`${url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(load.freshClaim(`restart-read-${i}`)),
    });
    if (posted.status >= 300) throw new Error(`POST /commands answered ${posted.status}: ${await posted.text()}`);
  };
  const timedPage = async (query: string) => {
    const started = performance.now();
    const page = await gzipGet(`${url}/transfers?${query}`);
    const body = JSON.parse(page.text) as TransfersPage;
    const ms = performance.now() - started;
    if (page.status !== 200 || body.transfers.length === 0) throw new Error(`GET /transfers?${query} answered ${page.status}`);
    if (!page.gzipped) throw new Error(`GET /transfers?${query} came without gzip`);
    return { body, ms, chars: page.text.length, gzipBytes: page.wireBytes };
  };
  let lastPage: Awaited<ReturnType<typeof timedPage>> | undefined;
  for (let i = 0; i < WRITES; i += 1) {
    await write(i);
    const times = read();
    for (const view of ['transfers', 'counts', 'facilities'] as const) afterWriteMs[view].push(times[view]);
    lastPage = await timedPage(`limit=${PAGE_LIMIT}`);
    pageMs.push(lastPage.ms);
  }
  // One more write, and the views read at its position; then the next page of the list as it
  // stood before it, as a client paging through one moment's list asks for it.
  await write(WRITES);
  read();
  const { body: lastBody, chars, gzipBytes } = lastPage!;
  const after = lastBody.next === null ? '' : `&after=${encodeURIComponent(lastBody.next)}`;
  const pinned = await timedPage(`limit=${PAGE_LIMIT}${after}&asOf=${lastBody.asOf.position}`);
  const writing = performance.now();
  const transfersJson = stringifyJson(ledger.transfers());
  const transfersJsonMs = performance.now() - writing;
  return {
    stateBackSeconds,
    firstMs,
    afterWriteMs,
    pageMs,
    pageMiB: chars / MiB,
    pageGzipMiB: gzipBytes / MiB,
    pinnedPageMs: pinned.ms,
    transfersMiB: Buffer.byteLength(transfersJson) / MiB,
    transfersJsonMs,
  };
}

async function run(input: RestartInput): Promise<RestartResult> {
  const config = loadConfig({}, { store: `sqlite:${input.path}`, host: '127.0.0.1', port: 0, logLevel: 'silent', checkpointPath: input.checkpointPath });
  const started = performance.now();
  const server = await startServer(config, { handleSignals: false });
  const response = await gzipGet(`${server.url}/counts`);
  const countsJson = response.text;
  const seconds = (performance.now() - started) / 1000;
  const peakRssMiB = peakRssBytes() / MiB;
  const correct = response.status === 200 && (input.expectedCounts === undefined || input.expectedCounts === countsJson);
  // After the row's figures: these writes then make stopping save a delta, not the whole state.
  const reads = input.mode === 'checkpointed' ? await readsAfterWrites(server) : undefined;

  const stopping = performance.now();
  const pauses = monitorEventLoopDelay({ resolution: 10 });
  pauses.enable();
  await server.close();
  pauses.disable();
  return {
    seconds,
    countsJson,
    correct,
    stopSeconds: (performance.now() - stopping) / 1000,
    stopLongestPauseMs: pauses.max / 1e6,
    checkpointMiB: statSync(input.checkpointPath).size / MiB,
    peakRssMiB,
    ...(reads ? { readsAfterWrites: reads } : {}),
  };
}

childMain(run);
