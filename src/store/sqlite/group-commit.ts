import type Database from 'better-sqlite3';
import type { AppendResult } from '../contract.js';
import type { PreparedAppend } from '../validate-input.js';
import { isStorageFault, mapWriteError } from './map-errors.js';

/** Counters a test (or an operator) can read to see how well appends are being batched. */
export interface GroupCommitStats {
  /** Write transactions committed. */
  transactions: number;
  /** Appends settled (succeeded or failed) through those transactions. */
  appends: number;
}

export interface GroupCommitOptions {
  /**
   * Most appends sharing one transaction; the rest wait for the next one. Bounds how long
   * the write lock (and, since better-sqlite3 is synchronous, the event loop) is held.
   * @defaultValue 256
   */
  maxBatch?: number;
}

interface Pending {
  request: PreparedAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * The appends of one write transaction, begun once its write lock is held. An append's
 * writes count only once `keep` is called after it (its savepoint released); one rolled back
 * is forgotten. `finish` runs before COMMIT when at least one append was kept.
 */
export interface TransactionWriter {
  append(request: PreparedAppend, nowMs: number): AppendResult;
  keep(): void;
  finish(): void;
}

/**
 * Group commit. Appends are queued and, on the next turn of the event loop, written together
 * under one BEGIN IMMEDIATE … COMMIT, so one fsync (synchronous=FULL) makes all of them
 * durable. Each append runs in its own SAVEPOINT: a conflict rolls back only that append.
 * The queue is FIFO, so appends a caller issues without awaiting commit in call order.
 * A storage fault (disk full, read-only, I/O error) abandons the whole transaction and fails
 * every append in it with StoreUnavailableError, leaving no transaction open behind.
 */
export function createGroupCommit(
  db: Database.Database,
  beginWriter: () => TransactionWriter,
  onCommitted: () => void,
  options: GroupCommitOptions = {},
) {
  const maxBatch = options.maxBatch ?? 256;
  const queue: Pending[] = [];
  const stats: GroupCommitStats = { transactions: 0, appends: 0 };
  let scheduled: NodeJS.Immediate | undefined;
  // Prepared once: each append runs two of these, and exec would compile them every time.
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const savepoint = db.prepare('SAVEPOINT append');
  const release = db.prepare('RELEASE append');
  const rollbackTo = db.prepare('ROLLBACK TO append');

  function enqueue(request: PreparedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      queue.push({ request, resolve, reject });
      // setImmediate, not a microtask: every append issued during this turn (and by callers
      // whose previous append just resolved) joins the same transaction.
      scheduled ??= setImmediate(flush);
    });
  }

  function flush(): void {
    scheduled = undefined;
    const batch = queue.splice(0, maxBatch);
    if (queue.length > 0) scheduled = setImmediate(flush);
    if (batch.length > 0) commitBatch(batch);
  }

  function commitBatch(batch: Pending[]): void {
    const outcomes = runBatch(batch);
    stats.appends += batch.length;
    let anyWritten = false;
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) {
        anyWritten = true;
        pending.resolve(outcome.result);
      } else pending.reject(outcome.error);
    });
    if (anyWritten) onCommitted();
  }

  function runBatch(batch: Pending[]): Outcome[] {
    const fail = (error: unknown): Outcome[] => {
      rollbackQuietly();
      const mapped = mapWriteError(error);
      return batch.map(() => ({ ok: false, error: mapped }));
    };
    let writer: TransactionWriter;
    try {
      begin.run();
      writer = beginWriter();
    } catch (error) {
      return fail(error);
    }
    const nowMs = Date.now();
    const outcomes: Outcome[] = [];
    let kept = 0;
    for (const pending of batch) {
      try {
        savepoint.run();
        const result = writer.append(pending.request, nowMs);
        release.run();
        writer.keep();
        kept += 1;
        outcomes.push({ ok: true, result });
      } catch (error) {
        // SQLite may already have rolled the whole transaction back after such a fault.
        if (isStorageFault(error) || !db.inTransaction) return fail(error);
        try {
          rollbackTo.run();
          release.run();
        } catch (rollbackError) {
          return fail(rollbackError);
        }
        outcomes.push({ ok: false, error });
      }
    }
    try {
      if (kept > 0) writer.finish();
      commit.run();
    } catch (error) {
      return fail(error);
    }
    stats.transactions++;
    return outcomes;
  }

  function rollbackQuietly(): void {
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } catch {
      // Nothing more to do: SQLite drops the transaction when the connection next succeeds.
    }
  }

  /** Commits whatever is queued, synchronously (before close). */
  function drain(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    while (queue.length > 0) commitBatch(queue.splice(0, maxBatch));
  }

  return { enqueue, drain, stats };
}
