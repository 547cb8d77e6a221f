import { openEventStore } from '../../src/store/index.js';
import { childMain } from '../child.js';
import type { BenchConfig } from '../config.js';
import { emmettTrial, type TrialResult } from '../engines/emmett.js';
import { appendConcurrently, appendInWindows, partitionByStream } from '../engines/project-appends.js';
import { rawInsertRate, rawRowsOf } from '../engines/raw-sqlite.js';
import { ClaimsLoad, type LoadAppend } from '../load.js';
import { collectGarbage, scratchPath } from '../measure.js';
import { makeRow, type Row } from '../report.js';

/**
 * Durable appends from 64 concurrent callers, one event each, no two callers on one stream:
 * the project's sqlite store, Emmett's SQLite store at the highest concurrency it survives,
 * and the raw better-sqlite3 insert of the same rows.
 */
const PEER_LEVELS = [1, 2, 4, 8, 16, 32, 64];

async function run({ config }: { config: BenchConfig }): Promise<Row[]> {
  await warmUp(config);
  const appends = new ClaimsLoad().take(config.concurrentEvents);
  const events = appends.reduce((n, a) => n + a.events.length, 0);

  const queues = partitionByStream(appends, config.concurrentCallers);
  const rows = rawRowsOf(appends);
  let project = 0;
  let ceiling = 0;
  // Alternated and repeated: the disk's fsync time drifts, and both sides should see the same.
  for (let run = 0; run < config.repeats; run += 1) {
    collectGarbage();
    const store = await openEventStore(`sqlite:${scratchPath(config.workdir, `concurrent-project-${run}.db`)}`);
    project = Math.max(project, events / (await appendConcurrently(store, queues)));
    await store.close();
    collectGarbage();
    ceiling = Math.max(ceiling, await rawInsertRate(scratchPath(config.workdir, `concurrent-raw-${run}.db`), rows));
  }

  const trials = await peerTrials(config, appends);
  const survived = peerTrial(trials);
  const peer = survived ? survived.succeeded / survived.seconds : null;
  const atFull = trials.find((t) => t.callers === config.concurrentCallers);

  return [
    makeRow({
      workload: `durable appends, ${config.concurrentCallers} concurrent callers, 1 event each, distinct streams`,
      unit: 'events/s',
      project,
      peer,
      ceiling,
      target: '≥20× peer, ≥0.1× ceiling',
      met: ({ ratios }) => (ratios.vsPeer ?? 0) >= 20 && (ratios.vsCeiling ?? 0) >= 0.1,
      events,
      notes: `${peerNote(trials, survived)}; ceiling: the same rows in one transaction; project and ceiling best of ${config.repeats} runs`,
      whyMissed:
        'better-sqlite3 is synchronous, so each group commit\'s fsync blocks the event loop while no new append can be prepared, ' +
        'and each append costs ~40 µs of CPU (validation, revision and id look-ups, a savepoint, the hash-chain link) where the ceiling inserts a prepared row',
      detail: {
        peerCallers: survived?.callers ?? null,
        peerFailuresAtFullConcurrency: atFull ? atFull.attempted - atFull.succeeded : null,
        peerAttemptsAtFullConcurrency: atFull?.attempted ?? null,
      },
    }),
  ];
}

/**
 * Emmett at 1, 2, 4 … callers until a level fails, then at the full 64 as well, so the table
 * can say what happens at the concurrency the project runs at. Lowest first: a failing
 * trial leaves hung appends behind, which must not slow the measurement of a clean one.
 */
async function peerTrials(config: BenchConfig, appends: readonly LoadAppend[]): Promise<TrialResult[]> {
  const trials: TrialResult[] = [];
  const sample = appends.slice(0, config.peerEvents);
  const clean = (t: TrialResult) => t.attempted > 0 && t.succeeded === t.attempted;
  for (const callers of PEER_LEVELS) {
    if (trials.length > 0 && !clean(trials[trials.length - 1]!) && callers !== config.concurrentCallers) continue;
    collectGarbage();
    const file = scratchPath(config.workdir, `concurrent-emmett-${callers}.db`);
    trials.push(await emmettTrial(file, partitionByStream(sample, callers), config.peerTrialMs));
    if (callers === config.concurrentCallers) break;
  }
  return trials;
}

/**
 * The trial the peer's figure comes from: the highest concurrency without a failure, or, when
 * every level failed somewhere, the one that failed least often (its failures are reported).
 */
function peerTrial(trials: readonly TrialResult[]): TrialResult | undefined {
  const failureShare = (t: TrialResult) => (t.attempted - t.succeeded) / t.attempted;
  const tried = trials.filter((t) => t.attempted > 0 && t.succeeded > 0);
  const clean = tried.filter((t) => t.succeeded === t.attempted).sort((a, b) => b.callers - a.callers);
  return clean[0] ?? [...tried].sort((a, b) => failureShare(a) - failureShare(b))[0];
}

function peerNote(trials: readonly TrialResult[], survived: TrialResult | undefined): string {
  const describe = (t: TrialResult) =>
    `${t.callers} caller${t.callers === 1 ? '' : 's'}: ${t.attempted - t.succeeded} of ${t.attempted} appends failed` +
    (t.succeeded === t.attempted ? '' : ` (${Object.entries(t.failures).map(([code, n]) => `${code} ×${n}`).join(', ')})`);
  if (!survived) return `Emmett failed every append at every concurrency tried; ${trials.map(describe).join('; ')}`;
  const clean = survived.succeeded === survived.attempted;
  const head = `peer = Emmett at ${survived.callers} caller${survived.callers === 1 ? '' : 's'}, ${clean ? 'the most it survives without a failure' : 'its least failing concurrency'}`;
  return `${head}; ${trials.map(describe).join('; ')}`;
}

/** A few thousand appends of another load first, so that the clock does not time the JIT. */
async function warmUp(config: BenchConfig): Promise<void> {
  const store = await openEventStore(`sqlite:${scratchPath(config.workdir, 'concurrent-warmup.db')}`);
  await appendInWindows(store, new ClaimsLoad({ seed: 7 }), 3_000);
  await store.close();
}

childMain(run);
