import { NO_CONCURRENCY_CHECK, STREAM_DOES_NOT_EXIST, type Event } from '@event-driven-io/emmett';
import {
  appendToStream,
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
} from '@event-driven-io/emmett-sqlite';
import type { LoadAppend } from '../load.js';
import { silenceConsoleLog } from '../measure.js';

/**
 * The peer: Emmett's SQLite event store (0.38.5), used the way its README shows —
 * `getSQLiteEventStore({ fileName })` and `appendToStream` — with the same events, the same
 * streams and the same expected versions (Emmett counts a stream's events, so revision r of
 * this project is Emmett's expected version r + 1).
 */

export interface TrialResult {
  callers: number;
  attempted: number;
  succeeded: number;
  /** Failures by error code (SQLITE_MISUSE, SQLITE_BUSY, …). */
  failures: Record<string, number>;
  seconds: number;
  /** True when the trial was cut short by its time limit. */
  cutShort: boolean;
}

function toEmmettEvents(append: LoadAppend): Event[] {
  return append.events.map((event) => ({ type: event.type, data: event.data, metadata: event.metadata }) as unknown as Event);
}

function expectedVersionOf(append: LoadAppend) {
  return append.expectedRevision === 'no_stream' ? STREAM_DOES_NOT_EXIST : append.expectedRevision + 1n;
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return 'Error';
}

/**
 * Runs the callers' queues against a fresh Emmett store in `fileName` until every queue is done
 * or `limitMs` has passed. Failures are counted, never retried or hidden. A failing append can
 * hang for seconds, so at the limit the trial stops waiting: appends still in flight are
 * reported as unfinished (and left to settle in the background). Emmett's own console.log of
 * each failure stays silent until they have (the table counts them by code instead).
 */
export async function emmettTrial(fileName: string, queues: readonly LoadAppend[][], limitMs: number): Promise<TrialResult> {
  const store = getSQLiteEventStore({ fileName });
  await createSchema(store);
  const tally: Tally = { attempted: 0, succeeded: 0, failures: {} };
  let cutShort = false;
  const started = performance.now();
  const deadline = started + limitMs;
  const release = silenceConsoleLog();
  const callers = Promise.all(
    queues.map(async (queue) => {
      for (const append of queue) {
        if (performance.now() > deadline) {
          cutShort = true;
          return;
        }
        tally.attempted += 1;
        try {
          await store.appendToStream(append.stream, toEmmettEvents(append), { expectedStreamVersion: expectedVersionOf(append) });
          tally.succeeded += 1;
        } catch (error) {
          const code = errorCode(error);
          tally.failures[code] = (tally.failures[code] ?? 0) + 1;
        }
      }
    }),
  );
  // Silent until the last straggler has settled, not just until the trial stops waiting (one
  // that hangs keeps it silent for the rest of the suite's process).
  void callers.finally(release);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'limit'>((resolve) => (timer = setTimeout(() => resolve('limit'), limitMs + 250)));
  const outcome = await Promise.race([callers, limit]);
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  return trialReport(tally, queues.length, seconds, cutShort || outcome === 'limit');
}

/** What a trial's callers have counted so far; appends still in flight go on counting. */
export interface Tally {
  attempted: number;
  succeeded: number;
  failures: Record<string, number>;
}

/**
 * The trial as it stood when it stopped waiting, with the appends then in flight counted as
 * unfinished. A copy of the tally: an append that fails afterwards must not be reported twice,
 * as failed and as unfinished.
 */
export function trialReport(tally: Tally, callers: number, seconds: number, cutShort: boolean): TrialResult {
  const failures = { ...tally.failures };
  const unfinished = tally.attempted - tally.succeeded - Object.values(failures).reduce((n, k) => n + k, 0);
  if (cutShort && unfinished > 0) failures['unfinished at the time limit'] = unfinished;
  return { callers, attempted: tally.attempted, succeeded: tally.succeeded, failures, seconds, cutShort };
}

/** Tries to create the schema this many times before a trial (see createSchema). */
const SCHEMA_ATTEMPTS = 3;

/**
 * Emmett creates its schema on a store's first append. Once in a few runs here, that first
 * append failed with SQLITE_BUSY even with one caller, and every later append then failed
 * too (SQLITE_ERROR: no table), which made the trial say nothing about appending. So the
 * schema is made before the clock starts, with a throwaway event on a stream no trial uses;
 * if it still fails, the trial runs anyway and reports what its appends met.
 */
async function createSchema(store: ReturnType<typeof getSQLiteEventStore>): Promise<void> {
  const release = silenceConsoleLog();
  try {
    for (let attempt = 1; attempt <= SCHEMA_ATTEMPTS; attempt += 1) {
      try {
        await store.appendToStream('bench-schema', [{ type: 'SchemaCreated', data: {} } as unknown as Event], { expectedStreamVersion: NO_CONCURRENCY_CHECK });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    release();
  }
}

/**
 * Writes a log for the peer's full read with Emmett's own schema-level `appendToStream`, many
 * appends per transaction over one connection (its store API opens a connection per append and
 * would take hours for a large log). Not timed: only the read is compared.
 */
export async function emmettWriteLog(fileName: string, appends: readonly LoadAppend[], perTransaction = 2_000): Promise<void> {
  const store = getSQLiteEventStore({ fileName });
  // The first append through the store API creates Emmett's schema.
  const [first, ...rest] = appends;
  if (!first) return;
  await store.appendToStream(first.stream, toEmmettEvents(first), { expectedStreamVersion: NO_CONCURRENCY_CHECK });
  const connection = sqliteConnection({ fileName });
  try {
    for (let i = 0; i < rest.length; i += perTransaction) {
      const chunk = rest.slice(i, i + perTransaction);
      await connection.withTransaction(async () => {
        for (const append of chunk) {
          const streamType = append.stream.split('-')[0] ?? 'emt:unknown';
          await appendToStream(connection, append.stream, streamType, toEmmettEvents(append));
        }
      });
    }
  } finally {
    connection.close();
  }
}

/** Reads the whole log in Emmett's consumer batch size (100), as its processors do. */
export async function emmettFullRead(fileName: string, batchSize = 100): Promise<{ events: number; seconds: number }> {
  const connection = sqliteConnection({ fileName });
  try {
    const started = performance.now();
    let after = 0n;
    let events = 0;
    for (;;) {
      const batch = await readMessagesBatch(connection, { after, batchSize });
      events += batch.messages.length;
      after = batch.currentGlobalPosition;
      if (!batch.areEventsLeft) break;
    }
    return { events, seconds: (performance.now() - started) / 1000 };
  } finally {
    connection.close();
  }
}
