/**
 * What a checkpoint save costs, whole and as a delta: builds the benchmark's seeded log
 * (`--events`, default 1,000,000) in a scratch directory, folds all but the last `--delta`
 * events (default 50,000) and saves the whole state, folds the rest, then saves them as a
 * delta and, into another file, the whole state again. Each save is timed on the wall clock
 * and in this process's CPU time (the event loop's share is most of it), with the longest the
 * event loop waited between two of its pieces.
 *
 *   node --import tsx bench/checkpoint-save.ts [--events N] [--delta M]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { saveCheckpoint, type CheckpointFile } from '../src/runtime/checkpoint.js';
import { Projector } from '../src/runtime/projector.js';
import { openEventStore } from '../src/store/index.js';
import { appendInWindows } from './engines/project-appends.js';
import { ClaimsLoad } from './load.js';
import { MiB } from './measure.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, delta: { type: 'string', default: '50000' } } });
const events = Number(values.events);
const delta = Number(values.delta);
if (!Number.isInteger(events) || !Number.isInteger(delta) || delta <= 0 || delta >= events) {
  console.error('--events and --delta must be whole numbers with 0 < delta < events');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'claims-ledger-checkpoint-save-'));
try {
  const store = await openEventStore(`sqlite:${join(dir, 'log.db')}`);
  await appendInWindows(store, new ClaimsLoad(), events);
  const projector = new Projector(store);
  let folded = 0;
  for await (const event of store.readAll()) {
    projector.apply(event);
    if ((folded += 1) === events - delta) break;
  }

  const timed = async <T>(what: string, path: string, save: () => Promise<T>): Promise<T> => {
    const cpu = process.cpuUsage();
    const pauses = monitorEventLoopDelay({ resolution: 10 });
    pauses.enable();
    const started = performance.now();
    const result = await save();
    const seconds = (performance.now() - started) / 1000;
    pauses.disable();
    const used = process.cpuUsage(cpu);
    console.log(
      `${what.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s wall ${((used.user + used.system) / 1e6).toFixed(2).padStart(6)} s CPU` +
        `  longest pause ${Math.round(pauses.max / 1e6)} ms  file ${(statSync(path).size / MiB).toFixed(0)} MiB`,
    );
    return result;
  };
  const first = join(dir, 'first.checkpoint');
  const file: CheckpointFile = await timed(`whole state of ${events - delta} events`, first, () => saveCheckpoint(first, projector.snapshot(), store));
  for await (const event of store.readAll({ fromPosition: projector.position + 1n })) projector.apply(event);
  await timed(`delta of the next ${delta} events`, first, () => saveCheckpoint(first, projector.snapshot(), store, undefined, file));
  const second = join(dir, 'second.checkpoint');
  await timed(`whole state of ${events} events`, second, () => saveCheckpoint(second, projector.snapshot(), store));
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
