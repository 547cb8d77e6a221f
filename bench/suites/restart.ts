import { statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import { childMain } from '../child.js';
import { MiB, peakRssBytes } from '../measure.js';

/**
 * A service restarting over a long log, timed from the call that opens it (`startServer`, as
 * `ledger serve` does) to the first `GET /counts` answered over HTTP. `full` starts with no
 * checkpoint yet (it folds the whole log) and, when stopped, saves one; `checkpointed`, run
 * in a fresh process, starts again from that checkpoint and must answer the same body.
 */
export interface RestartInput {
  mode: 'full' | 'checkpointed';
  path: string;
  checkpointPath: string;
  /** The /counts body the full start answered; the checkpointed start must answer the same. */
  expectedCounts?: string;
}

export interface RestartResult {
  seconds: number;
  countsJson: string;
  correct: boolean;
  /** How long stopping took (it saves the checkpoint). */
  stopSeconds: number;
  /** The longest the event loop was held while stopping, in milliseconds. */
  stopLongestPauseMs: number;
  checkpointMiB: number;
  peakRssMiB: number;
}

async function run(input: RestartInput): Promise<RestartResult> {
  const config = loadConfig({}, { store: `sqlite:${input.path}`, host: '127.0.0.1', port: 0, logLevel: 'silent', checkpointPath: input.checkpointPath });
  const started = performance.now();
  const server = await startServer(config, { handleSignals: false });
  const response = await fetch(`${server.url}/counts`);
  const countsJson = await response.text();
  const seconds = (performance.now() - started) / 1000;
  const peakRssMiB = peakRssBytes() / MiB;
  const correct = response.status === 200 && (input.expectedCounts === undefined || input.expectedCounts === countsJson);

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
  };
}

childMain(run);
