import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../errors.js';
import type { BatchResult, EncodedAppend, EncodedEvent } from './write-batch.js';

/**
 * Group-commit batches written on a worker thread (writer-worker.js) with its own connection.
 * better-sqlite3 is synchronous: on the main thread, a commit holds the event loop while
 * SQLite writes the WAL and syncs it (or waits up to busy_timeout for another process's write
 * lock), and requests queue behind it. On the writer thread they do not; the next batch
 * gathers meanwhile. A batch resolves only once its commit is durable, as before.
 */
export interface WriterThread {
  write(appends: readonly EncodedAppend[]): Promise<BatchResult>;
  /**
   * Starts a batch whose last append's events are still being encoded: `lastIds` are all
   * their ids, and the events follow through `add` as they are encoded. The thread writes
   * the batch's other appends and each part while this thread encodes the next.
   */
  writeOpen(appends: readonly EncodedAppend[], lastIds: readonly string[]): OpenWrite;
  /** False once the thread has stopped or failed: batches must then be written elsewhere. */
  readonly alive: boolean;
  /**
   * True once the thread has opened its connection. Until then a batch handed to it would wait
   * for the thread to start (~50 ms here), so the store writes on its own connection instead.
   */
  readonly ready: boolean;
  /** Settles when the thread is ready (true) or has stopped before it was (false). */
  readonly whenReady: Promise<boolean>;
  /** The thread's own automatic checkpoint, in WAL pages: set to `pages` if given, and read back. */
  autocheckpoint(pages?: number): Promise<number>;
  /** Ends the thread once the batch being written is done. */
  stop(): Promise<void>;
  /**
   * Ends the thread at once, as a crash of it would (a test seam). Only while it is idle: a
   * thread terminated inside a SQLite call that then fails aborts the process (better-sqlite3
   * cannot build the error in a stopping thread).
   */
  terminate(): Promise<void>;
}

/**
 * A batch handed over before its last append's events are all encoded. `add` passes on the
 * next of them; `end` says there are no more, or, with `dropLast`, that the append failed
 * validation on the way and is to be dropped. Both post at once: the caller makes every
 * call in one turn of the event loop, so that the thread never holds the write lock waiting
 * for this thread to come back to it.
 */
export interface OpenWrite {
  add(events: readonly EncodedEvent[]): void;
  end(dropLast: boolean): void;
  /** The batch's result, as `write`'s. */
  result: Promise<BatchResult>;
}

export interface WriterThreadOptions {
  path: string;
  busyTimeoutMs: number;
  autocheckpointPages: number;
  /**
   * Most appends the thread writes in one transaction when several batches wait for it
   * together (one batch larger than this is still written whole).
   */
  maxMergedAppends: number;
  /** The thread's script: writer-worker.js unless a test stands in one that fails. */
  script?: URL;
}

const WORKER_URL = new URL('./writer-worker.js', import.meta.url);

type Reply = { kind: 'written'; result: BatchResult } | { kind: 'autocheckpoint'; pages: number } | { kind: 'ready' };

export function startWriterThread(options: WriterThreadOptions): WriterThread {
  const { script = WORKER_URL, ...workerData } = options;
  const worker = new Worker(script, { workerData, execArgv: [], stderr: true });
  worker.stderr.resume();
  // Never keeps a process alive by itself; a batch being written holds a promise, not the loop,
  // so the thread is referenced while one is (see `write`).
  worker.unref();
  // Replies come in the order requests were posted.
  const waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  let alive = true;
  let ready = false;
  let stopping = false;
  let settleReady: (ready: boolean) => void = () => undefined;
  const whenReady = new Promise<boolean>((resolve) => (settleReady = resolve));

  const stopped = (reason: string) => {
    if (!alive) return;
    alive = false;
    settleReady(false);
    const error = new StoreUnavailableError(
      `the sqlite writer thread stopped (${reason}) before it reported the commit; whether these appends were written ` +
        'is unknown: read the stream to see, or send them again (their event ids make a repeat a no-op)',
      1,
    );
    for (const pending of waiting.splice(0)) pending.reject(error);
  };
  worker.on('message', (reply: Reply) => {
    // Not an answer: the thread says it has opened its connection, once, before any answer.
    if (reply.kind === 'ready') {
      ready = true;
      settleReady(true);
      return;
    }
    waiting.shift()?.resolve(reply);
    if (waiting.length === 0) worker.unref();
  });
  worker.on('error', (error) => stopped(error.message));
  worker.on('exit', (code) => stopped(stopping ? 'stopped' : `exit code ${code}`));

  const request = (message: unknown): Promise<Reply> => {
    if (!alive) return Promise.reject(new StoreUnavailableError('the sqlite writer thread has stopped', 1));
    worker.ref();
    return new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(message);
    });
  };

  return {
    get alive() {
      return alive;
    },
    get ready() {
      return ready;
    },
    whenReady,
    write(appends) {
      return batchResult(request({ kind: 'write', appends: appends.map(encoded) }));
    },
    writeOpen(appends, lastIds) {
      const result = batchResult(request({ kind: 'write', appends: appends.map(encoded), lastIds }));
      return {
        result,
        add: (events) => {
          if (alive) worker.postMessage({ kind: 'part', events: events.map(encodedEvent) });
        },
        end: (dropLast) => {
          if (alive) worker.postMessage({ kind: 'end', dropLast });
        },
      };
    },
    async autocheckpoint(pages) {
      const reply = await request({ kind: 'autocheckpoint', pages });
      if (reply.kind !== 'autocheckpoint') throw new Error(`the sqlite writer thread answered ${reply.kind} to a setting`);
      return reply.pages;
    },
    async stop() {
      if (!alive) return;
      stopping = true;
      worker.ref();
      const exited = once(worker, 'exit');
      worker.postMessage({ kind: 'stop' });
      await exited;
    },
    async terminate() {
      await worker.terminate();
    },
  };
}

async function batchResult(request: Promise<Reply>): Promise<BatchResult> {
  const reply = await request;
  if (reply.kind !== 'written') throw new Error(`the sqlite writer thread answered ${reply.kind} to a write`);
  return reply.result;
}

/** Only what the transaction needs: the parsed data and metadata would be copied for nothing. */
function encoded({ streamName, expectedRevision, events }: EncodedAppend): EncodedAppend {
  return { streamName, expectedRevision, events: events.map(encodedEvent) };
}

function encodedEvent({ id, type, dataJson, metadataJson }: EncodedEvent): EncodedEvent {
  return { id, type, dataJson, metadataJson };
}
