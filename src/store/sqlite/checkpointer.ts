import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * Moves WAL checkpoints off the thread that commits. By default SQLite checkpoints inside the
 * COMMIT that takes the WAL past 1,000 pages: that commit (and, better-sqlite3 being
 * synchronous, the whole event loop) then waits while pages are copied to random places in
 * the database file and it is synced — at a million events, most of an append's cost. A
 * worker thread checkpoints instead, every `intervalMs`; the writer's own automatic
 * checkpoint stays as a backstop at a larger WAL, and returns to its default if the worker
 * stops.
 */
export interface CheckpointerOptions {
  /** @defaultValue 100 */
  intervalMs?: number;
  /** WAL pages at which the writer still checkpoints itself. @defaultValue 10000 (about 40 MB) */
  backstopPages?: number;
}

const WORKER_URL = new URL('./checkpointer-worker.js', import.meta.url);
/** SQLite's own default for `wal_autocheckpoint`, in WAL pages. */
export const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;

export interface Checkpointer {
  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void>;
  /** Ends the thread at once, as a crash of it would (a test seam). */
  terminate(): Promise<void>;
}

/**
 * `setWriterAutocheckpoint` sets `wal_autocheckpoint` on whichever connection commits: the
 * backstop now, SQLite's default again if the thread stops.
 */
export function startCheckpointer(
  path: string,
  setWriterAutocheckpoint: (pages: number) => void,
  options: CheckpointerOptions = {},
): Checkpointer {
  const worker = new Worker(WORKER_URL, {
    workerData: { path, intervalMs: options.intervalMs ?? 100 },
    execArgv: [],
    stderr: true,
  });
  worker.stderr.resume();
  worker.unref();
  let running = true;
  const writerCheckpointsAgain = () => {
    if (!running) return;
    running = false;
    setWriterAutocheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT);
  };
  worker.on('error', writerCheckpointsAgain);
  worker.on('exit', writerCheckpointsAgain);
  setWriterAutocheckpoint(options.backstopPages ?? 10_000);
  return {
    async stop() {
      if (!running) return;
      // Unref'd so that it never keeps a process alive, but one awaiting its exit must wait.
      worker.ref();
      const exited = once(worker, 'exit');
      worker.postMessage('stop');
      await exited;
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
