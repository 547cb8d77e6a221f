import { openEventStore } from '../../src/store/index.js';
import { childMain } from '../child.js';
import type { BenchConfig } from '../config.js';
import { appendOne } from '../engines/project-appends.js';
import { rawInsertRate, rawRowsOf } from '../engines/raw-sqlite.js';
import { ClaimsLoad, type LoadAppend } from '../load.js';
import { collectGarbage, scratchPath } from '../measure.js';
import { makeRow, type Row } from '../report.js';

/**
 * Durable appends of 100 events per `appendToStream` call (100 claims about one subject, as an
 * import of a long report makes), one after another, each awaited before the next: every
 * batch is on disk before the next is sent.
 */
const BATCH = 100;
/** Sources and reports the claims cite, appended before the clock starts. */
const PREAMBLE_EVENTS = 2_000;

async function run({ config }: { config: BenchConfig }): Promise<Row[]> {
  const load = new ClaimsLoad();
  const preamble = load.take(PREAMBLE_EVENTS);
  const batches: LoadAppend[] = [];
  for (let n = 0; n < config.batchEvents; n += BATCH) batches.push(load.burst(BATCH));
  const events = batches.length * BATCH;
  const rows = rawRowsOf(batches);

  let project = 0;
  let ceiling = 0;
  for (let run = 0; run < config.repeats; run += 1) {
    const store = await openEventStore(`sqlite:${scratchPath(config.workdir, `batches-project-${run}.db`)}`);
    await Promise.all(preamble.map((append) => appendOne(store, append)));
    collectGarbage();
    const started = performance.now();
    for (const batch of batches) await appendOne(store, batch);
    project = Math.max(project, events / ((performance.now() - started) / 1000));
    await store.close();
    collectGarbage();
    ceiling = Math.max(ceiling, await rawInsertRate(scratchPath(config.workdir, `batches-raw-${run}.db`), rows));
  }

  return [
    makeRow({
      workload: `durable appends in batches of ${BATCH} events`,
      unit: 'events/s',
      project,
      ceiling,
      target: '≥0.3× ceiling',
      met: ({ ratios }) => (ratios.vsCeiling ?? 0) >= 0.3,
      events,
      notes: `one appendToStream of ${BATCH} events per call (claims about one subject), awaited in turn: a durable commit per batch; ceiling: the same rows in one transaction; best of ${config.repeats} runs each`,
      whyMissed:
        'every batch waits for its own commit (WAL write and fsync, ~1 ms here) and every event is validated, encoded as RFC 8785 ' +
        'canonical JSON and hash-chained (SHA-256) before its insert; the ceiling pays one commit for all rows and no hashing',
    }),
  ];
}

childMain(run);
