import type { AppendResult, ExpectedRevision } from '../contract.js';
import { WrongExpectedVersionError } from '../errors.js';
import type { PreparedAppend, PreparedEvent } from '../validate-input.js';
import { mapWriteError } from './map-errors.js';
import { committedRows } from './committed-rows.js';
import type { StoredEventRow } from './statements.js';
import type { AppendFailure, BatchResult, EncodedAppend } from './write-batch.js';
import type { OpenWrite } from './writer-thread.js';

/** Counters a test (or an operator) can read to see how well appends are being batched. */
export interface GroupCommitStats {
  /** Write transactions committed. */
  transactions: number;
  /** Appends settled (succeeded or failed) through those transactions. */
  appends: number;
  /** Appends handed to the writer before they were encoded in full (`enqueueInParts`). */
  inParts: number;
}

export interface GroupCommitOptions {
  /**
   * Most appends sharing one transaction; the rest wait for the next one. Bounds how long
   * the write lock is held.
   * @defaultValue DEFAULT_MAX_BATCH (256)
   */
  maxBatch?: number;
}

/**
 * Batches an asynchronous writer may hold at once. The writer thread writes the batches that
 * wait for it together, in one transaction (writer-worker.js), so a batch handed over at once
 * costs no commit of its own, and the thread goes on to the next commit without waiting for
 * this thread, busy with requests, to take an answer and send more. With two, and no merging,
 * what gathered here waited for a slot instead. Under POST load (by hand, ten alternating pairs
 * of 6 s): 7,040 against 6,866 requests/s on average, more in seven of the ten, with commits
 * as full as before (11.2–11.9 requests each); handing over eight without merging made
 * commits smaller (8.0 requests) for no gain.
 */
export const MAX_BATCHES_WRITING = 8;

/**
 * Most appends one transaction carries: a batch of the group commit, or the batches the writer
 * thread merges (open.ts gives it the same limit).
 */
export const DEFAULT_MAX_BATCH = 256;

/**
 * Writes one batch in one transaction (write-batch.js): at once on this thread, or on the
 * writer thread, which can also start a batch before its last append is encoded.
 */
export interface BatchWriter {
  write(appends: readonly EncodedAppend[]): BatchResult | Promise<BatchResult>;
  writeOpen?(appends: readonly EncodedAppend[], lastIds: readonly string[]): OpenWrite;
}

/** An append decided on before its events are encoded: its stream, revision and event ids. */
export interface AppendHead {
  streamName: string;
  expectedRevision: ExpectedRevision;
  ids: readonly string[];
}

interface Pending {
  request: PreparedAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Appends are queued and, on the next turn of the event loop, written together
 * in one transaction, so one fsync makes all of them durable. An asynchronous writer holds at
 * most MAX_BATCHES_WRITING batches; appends that come meanwhile gather into the next. The
 * queue is FIFO and batches are written in the order they are handed over, so appends a caller
 * issues without awaiting commit in call order. `writer` is asked for each batch, so a store
 * can move its writes to another thread between two batches. `onCommitted` is given, once a
 * commit's appends have resolved, a way to list the rows it added.
 */
export function createGroupCommit(
  writer: () => BatchWriter,
  onCommitted: (rows: () => StoredEventRow[]) => void,
  options: GroupCommitOptions = {},
) {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const queue: Pending[] = [];
  const stats: GroupCommitStats = { transactions: 0, appends: 0, inParts: 0 };
  let scheduled: NodeJS.Immediate | undefined;
  /** Batches handed to an asynchronous writer and not yet settled, oldest first. */
  const writing = new Set<Promise<void>>();

  function enqueue(request: PreparedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      queue.push({ request, resolve, reject });
      schedule();
    });
  }

  // setImmediate, not a microtask: every append issued during this turn (and by callers whose
  // previous append just resolved) joins the same transaction.
  function schedule(): void {
    if (!scheduled && writing.size < MAX_BATCHES_WRITING && queue.length > 0) scheduled = setImmediate(flush);
  }

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (writing.size >= MAX_BATCHES_WRITING) return;
    const batch = queue.splice(0, maxBatch);
    if (batch.length === 0) return;
    let written: BatchResult | Promise<BatchResult>;
    try {
      written = writer().write(batch.map((pending) => pending.request));
    } catch (error) {
      written = Promise.reject(error);
    }
    if (written instanceof Promise) track(batch, written);
    else {
      settle(batch, written);
      schedule();
    }
  }

  /**
   * Like `enqueue`, for an append whose events are encoded as `parts` yields them. Where the
   * writer can start a batch before its last append is encoded, and can take a batch now,
   * this append and those queued before it are handed over at once, and each part follows as
   * it is encoded: the writer writes one while this thread encodes the next. Otherwise every
   * part is encoded first. Either way, an error from `parts` (the append failed validation)
   * fails this append alone and writes nothing of it.
   */
  function enqueueInParts(head: AppendHead, parts: Iterable<PreparedEvent[]>): Promise<AppendResult> {
    const { streamName, expectedRevision, ids } = head;
    const request: PreparedAppend = { streamName, expectedRevision, events: [] };
    const current = writer();
    const writeOpen = current.writeOpen?.bind(current);
    if (!writeOpen || writing.size >= MAX_BATCHES_WRITING || queue.length >= maxBatch) {
      for (const part of parts) request.events.push(...part);
      return enqueue(request);
    }
    return new Promise((resolve, reject) => {
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      const batch = [...queue.splice(0), { request, resolve, reject }];
      stats.inParts++;
      const open = writeOpen(batch.map((pending) => pending.request), ids);
      try {
        for (const part of parts) {
          request.events.push(...part);
          open.add(part);
        }
        open.end(false);
      } catch (error) {
        open.end(true);
        reject(error);
      }
      track(batch, open.result);
    });
  }

  /** Settles a batch handed to an asynchronous writer once it is written. */
  function track(batch: readonly Pending[], written: Promise<BatchResult>): void {
    const settled: Promise<void> = written
      .then(
        (result) => settle(batch, result),
        (error: unknown) => {
          stats.appends += batch.length;
          for (const pending of batch) pending.reject(mapWriteError(error));
        },
      )
      .finally(() => {
        writing.delete(settled);
        schedule();
      });
    writing.add(settled);
    schedule();
  }

  function settle(batch: readonly Pending[], { outcomes, committed, joined }: BatchResult): void {
    stats.appends += batch.length;
    if (committed && !joined) stats.transactions++;
    let anyWritten = false;
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) {
        anyWritten = true;
        pending.resolve(outcome.result);
      } else pending.reject(errorOf(outcome.failure));
    });
    if (anyWritten) onCommitted(() => committedRows(batch.map((pending) => pending.request), outcomes));
  }

  /** Writes whatever is queued and waits for every batch being written (before close). */
  async function drain(): Promise<void> {
    for (;;) {
      if (writing.size > 0) await Promise.all(writing);
      else if (queue.length > 0) flush();
      else return;
    }
  }

  return { enqueue, enqueueInParts, drain, stats };
}

function errorOf(failure: AppendFailure): unknown {
  switch (failure.kind) {
    case 'conflict':
      return new WrongExpectedVersionError(failure.streamName, failure.expected, failure.actual);
    case 'sqlite':
      return mapWriteError(Object.assign(new Error(failure.message), { code: failure.code }));
    case 'error':
      return new Error(failure.message);
  }
}
