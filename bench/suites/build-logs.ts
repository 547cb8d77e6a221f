import { rmSync } from 'node:fs';
import { openEventStore } from '../../src/store/index.js';
import { childMain } from '../child.js';
import type { BenchConfig } from '../config.js';
import { appendInWindows } from '../engines/project-appends.js';
import { rawWindowedCopyRate } from '../engines/raw-sqlite.js';
import { ClaimsLoad } from '../load.js';
import { collectGarbage, scratchPath } from '../measure.js';

/**
 * Writes the logs the scaling, rebuild, restart and HTTP workloads read — one per size, each
 * the same seeded story (a smaller log is a prefix of a larger one) — through the product's
 * store, the way a bulk import appends (decided commands in windows of 100 events, one
 * durable commit each), and reports the append rate at each size beside the engine's own:
 * the same rows inserted with better-sqlite3 directly, in windows of the same size, into a
 * file of their own.
 */
export interface BuiltLogs {
  sizes: number[];
  paths: string[];
  appendRates: number[];
  rawAppendRates: number[];
}

function logPath(config: BenchConfig, size: number): string {
  return scratchPath(config.workdir, `log-${size}.db`);
}

async function run({ config }: { config: BenchConfig }): Promise<BuiltLogs> {
  const warmUp = await openEventStore(`sqlite:${scratchPath(config.workdir, 'log-warmup.db')}`);
  await appendInWindows(warmUp, new ClaimsLoad({ seed: 7 }), 3_000);
  await warmUp.close();

  const built: BuiltLogs = { sizes: [], paths: [], appendRates: [], rawAppendRates: [] };
  for (const size of config.scalingSizes) {
    collectGarbage();
    const path = logPath(config, size);
    const store = await openEventStore(`sqlite:${path}`);
    const { events, seconds } = await appendInWindows(store, new ClaimsLoad(), size);
    await store.close();
    built.sizes.push(events);
    built.paths.push(path);
    built.appendRates.push(events / seconds);

    collectGarbage();
    const rawPath = scratchPath(config.workdir, `raw-log-${size}.db`);
    built.rawAppendRates.push(await rawWindowedCopyRate(path, rawPath));
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${rawPath}${suffix}`, { force: true });
  }
  return built;
}

childMain(run);
