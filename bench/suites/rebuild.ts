import { counts, facilities, history, now, transfers } from '../../projections/index.js';
import { rebuild } from '../../src/runtime/index.js';
import { openEventStore } from '../../src/store/index.js';
import { childMain } from '../child.js';
import type { BenchConfig } from '../config.js';
import { emmettFullRead, emmettWriteLog } from '../engines/emmett.js';
import { rawScanRate } from '../engines/raw-sqlite.js';
import { ClaimsLoad } from '../load.js';
import { bestRate, collectGarbage, HeapPeak, MiB, peakRssBytes, scratchPath } from '../measure.js';
import { transferSubject } from '../vocabulary.js';

/**
 * Rebuilding every projection from a log: the runtime's `rebuild` folds the one LedgerState
 * the four views are computed from, then transfers, counts, facilities and one subject's claim
 * history are computed once. The fold and the views are timed together.
 */
export interface RebuildInput {
  config: BenchConfig;
  path: string;
  /**
   * - `fold`: the fold alone, the best of several runs (the scaling rows; see BenchConfig.foldRuns);
   * - `rebuild`: the fold and the four views once, cold, with memory sampled, then the raw
   *   scan (the ceiling) once: each process that rebuilds also scans, right after, so that a
   *   slow spell of the machine weighs on the project and its ceiling alike;
   * - `rebuild-with-limits`: that, then the store's read alone and the peer's read, in the
   *   same process.
   */
  measure: 'fold' | 'rebuild' | 'rebuild-with-limits';
}

export interface RebuildResult {
  events: number;
  /** Events per second of the fold and the four views together. */
  rate: number;
  /** Events per second of the fold alone. */
  foldRate: number;
  foldSeconds?: number;
  viewSeconds?: Record<string, number>;
  peakRssMiB?: number;
  peakHeapMiB?: number;
  ceilingRate?: number;
  /** The store's own read of the whole log (readAll, nothing folded), in seconds. */
  readSeconds?: number;
  peerRate?: number;
  peerEvents?: number;
}

/** A subject of ordinary activity for the history view (index 0 is the story's busiest). */
const HISTORY_SUBJECT = transferSubject(1500);

/** The fold alone: what grows with the log (the views grow with the number of subjects). */
async function foldOnce(path: string) {
  const store = await openEventStore(`sqlite:${path}`);
  try {
    const started = performance.now();
    const snapshot = await rebuild(store);
    return { events: snapshot.state.eventCount, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

async function rebuildOnce(path: string, heap?: HeapPeak) {
  const store = await openEventStore(`sqlite:${path}`);
  try {
    const started = performance.now();
    const snapshot = await rebuild(store, heap ? () => heap.sample() : undefined);
    const folded = performance.now();
    const view = now(snapshot.state);
    const marks: Record<string, number> = {};
    let mark = folded;
    const lap = (name: string) => {
      const at = performance.now();
      marks[name] = (at - mark) / 1000;
      mark = at;
    };
    transfers(view);
    lap('transfers');
    counts(view);
    lap('counts');
    facilities(view);
    lap('facilities');
    history(view, HISTORY_SUBJECT);
    lap('history');
    heap?.sample();
    return {
      events: snapshot.state.eventCount,
      seconds: (mark - started) / 1000,
      foldSeconds: (folded - started) / 1000,
      viewSeconds: marks,
    };
  } finally {
    await store.close();
  }
}

/** Only the store's readAll, to tell reading the log apart from folding it. */
async function readOnly(path: string): Promise<number> {
  const store = await openEventStore(`sqlite:${path}`);
  try {
    const started = performance.now();
    for await (const _event of store.readAll());
    return (performance.now() - started) / 1000;
  } finally {
    await store.close();
  }
}

async function run({ config, path, measure }: RebuildInput): Promise<RebuildResult> {
  if (measure === 'fold') {
    const best = await bestRate(() => foldOnce(path), config.foldSeconds, config.foldRuns);
    return { events: best.events, rate: best.rate, foldRate: best.rate };
  }
  const heap = new HeapPeak();
  const once = await rebuildOnce(path, heap);
  const rebuilt: RebuildResult = {
    events: once.events,
    rate: once.events / once.seconds,
    foldRate: once.events / once.foldSeconds,
    foldSeconds: once.foldSeconds,
    viewSeconds: once.viewSeconds,
    peakRssMiB: peakRssBytes() / MiB,
    peakHeapMiB: heap.peak / MiB,
  };
  collectGarbage();
  const scan = rawScanRate(path);
  const ceilingRate = scan.events / scan.seconds;
  if (measure === 'rebuild') return { ...rebuilt, ceilingRate };

  collectGarbage();
  const readSeconds = await readOnly(path);

  collectGarbage();
  const peerFile = scratchPath(config.workdir, 'rebuild-emmett.db');
  await emmettWriteLog(peerFile, new ClaimsLoad().take(Math.min(config.peerReadEvents, once.events)));
  const peer = await emmettFullRead(peerFile);

  return {
    ...rebuilt,
    ceilingRate,
    readSeconds,
    peerRate: peer.events / peer.seconds,
    peerEvents: peer.events,
  };
}

childMain(run);
