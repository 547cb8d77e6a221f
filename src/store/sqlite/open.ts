import type Database from 'better-sqlite3';
import type { EventStore, Subscription } from '../contract.js';
import { UnsupportedStoreError } from '../errors.js';
import { checkAppend, createEventEncoder, encodeInParts } from '../validate-input.js';
import { createChangeFeed } from './change-feed.js';
import { SQLITE_DEFAULT_AUTOCHECKPOINT, startCheckpointer, type Checkpointer } from './checkpointer.js';
import { BUSY_TIMEOUT_MS, MEMORY_PATH, openConnection } from './connection.js';
import { createGroupCommit, DEFAULT_MAX_BATCH, type BatchWriter, type GroupCommitStats } from './group-commit.js';
import { createHeadCache } from './head-cache.js';
import { readAll, readAllPages, type ReadAllEngineOptions } from './read-all.js';
import { readStream } from './read-stream.js';
import { prepareStatements } from './statements.js';
import { subscribeToAll } from './subscribe.js';
import { chainHead, verifyChain } from './verify.js';
import { prepareWriteStatements, writeBatch } from './write-batch.js';
import { startWriterThread, type WriterThread } from './writer-thread.js';

export interface SqliteEventStoreOptions {
  /** Largest serialised event (data + metadata) accepted, in bytes. */
  maxEventBytes: number;
  /**
   * Forward reads of at least this many events parse on this thread while a worker thread
   * steps SQLite. @defaultValue READ_AHEAD_MIN_EVENTS (50,000)
   */
  readAheadMinEvents?: number;
  /**
   * Appended events after which commits move to a writer thread (and WAL checkpoints to a
   * checkpointer thread); 0 starts both with the store. @defaultValue 500
   */
  threadsAfterEvents?: number;
  /** Test seam: the writer thread's script, writer-worker.js unless a test stands in another. */
  writerScript?: URL;
}

/** What tests may reach behind the contract: the engine's own connection and its counters. */
export interface SqliteInternals {
  db: Database.Database;
  stats: GroupCommitStats;
  /** Events forward reads took from the read-ahead worker. */
  readAhead: { events: number };
  /** Events live subscriptions took from this process's commits rather than read back. */
  committed: { handedOver: number };
  /** Times headPosition read `PRAGMA data_version` (at most once per turn of the event loop). */
  head: { versionReads: number };
  /** The WAL checkpointer thread, once appends have started it. */
  checkpointer(): Checkpointer | undefined;
  /** The writer thread, once appends have started it (and while it runs). */
  writer(): WriterThread | undefined;
}

const internals = new WeakMap<EventStore, SqliteInternals>();

/**
 * Appended events after which commits and WAL checkpoints move to their own threads. Until
 * then SQLite's own checkpoint (at 1,000 WAL pages, a few hundred events) has hardly had to
 * run, and commits are few; starting the threads would cost a short-lived process ~40 ms each.
 */
const THREADS_AFTER_EVENTS = 500;

/**
 * Events of a larger append are encoded and handed to the writer thread this many at a time,
 * so that the thread writes each part while this one encodes the next (group-commit.ts).
 */
export const PART_EVENTS = 20;

/** Test seam: the connection and commit counters of a store opened by this engine. */
export function sqliteInternals(store: EventStore): SqliteInternals {
  const found = internals.get(store);
  if (!found) throw new Error('not a sqlite event store');
  return found;
}

/**
 * The embedded engine. `path` is a file (parent directories are created) or `:memory:`.
 * This thread's connection serves reads (better-sqlite3 is synchronous, so the event loop
 * interleaves them at page boundaries) and, until the writer thread starts, writes too.
 */
export async function openSqliteEventStore(path: string, options: SqliteEventStoreOptions): Promise<EventStore> {
  // better-sqlite3 would quietly open a temporary database for an empty path.
  if (path.trim() === '') throw new UnsupportedStoreError(`sqlite:${path}`);
  const db = openConnection(path);
  const stmts = prepareStatements(db);
  const feed = createChangeFeed({
    readVersion: path === MEMORY_PATH ? undefined : () => stmts.dataVersion.get()!,
  });
  const writeStmts = prepareWriteStatements(db);
  // Started once this process has appended enough for them to matter: a process that only
  // reads, or a `ledger append` of a short file, never pays for starting a thread.
  let checkpointer: Checkpointer | undefined;
  let writer: WriterThread | undefined;
  let autocheckpointPages = SQLITE_DEFAULT_AUTOCHECKPOINT;
  const setWriterAutocheckpoint = (pages: number) => {
    autocheckpointPages = pages;
    if (db.open) db.pragma(`wal_autocheckpoint = ${pages}`);
    // A failed thread has already handed its writes back to this connection.
    if (writer?.alive) writer.autocheckpoint(pages).catch(() => undefined);
  };
  // Here until the writer thread is ready, and again if it ever fails: a batch is never held
  // waiting for the thread to start.
  const writeHere: BatchWriter = { write: (appends) => writeBatch(db, writeStmts, appends, Date.now()) };
  const headCache = createHeadCache(feed.version, () => stmts.head.get()?.position ?? null);
  const group = createGroupCommit(() => (writer?.alive && writer.ready ? writer : writeHere), (committed) => {
    headCache.invalidate();
    feed.notify(committed);
  });
  const subscriptions = new Set<Subscription>();
  let appendedEvents = 0;
  const threadsAfter = options.threadsAfterEvents ?? THREADS_AFTER_EVENTS;
  const readAheadStats = { events: 0 };
  const readAllEngine: ReadAllEngineOptions = {
    path: path === MEMORY_PATH ? undefined : path,
    readAheadMinEvents: options.readAheadMinEvents,
    readAheadStats,
  };
  const startThreads = () => {
    if (checkpointer || path === MEMORY_PATH) return;
    checkpointer = startCheckpointer(path, setWriterAutocheckpoint);
    const script = options.writerScript === undefined ? {} : { script: options.writerScript };
    writer = startWriterThread({ path, busyTimeoutMs: BUSY_TIMEOUT_MS, autocheckpointPages, maxMergedAppends: DEFAULT_MAX_BATCH, ...script });
  };
  if (threadsAfter === 0) startThreads();
  let closed = false;
  let closing: Promise<void> | undefined;
  const ensureOpen = () => {
    if (closed) throw new Error('the event store is closed');
  };

  const store: EventStore = {
    engine: 'sqlite',
    async appendToStream(streamName, events, appendOptions) {
      ensureOpen();
      const checked = checkAppend(streamName, events, appendOptions);
      appendedEvents += checked.events.length;
      if (appendedEvents >= threadsAfter) startThreads();
      const { streamName: name, expectedRevision, events: checkedEvents } = checked;
      if (checkedEvents.length <= PART_EVENTS) {
        const encoded = checkedEvents.map(createEventEncoder(options.maxEventBytes));
        return group.enqueue({ streamName: name, expectedRevision, events: encoded });
      }
      const head = { streamName: name, expectedRevision, ids: checkedEvents.map((event) => event.id) };
      return group.enqueueInParts(head, encodeInParts(checked, options.maxEventBytes, PART_EVENTS));
    },
    readStream(streamName, readOptions) {
      ensureOpen();
      return readStream(stmts, streamName, readOptions);
    },
    readAll(readOptions) {
      ensureOpen();
      return readAll(stmts, readOptions, readAllEngine);
    },
    readAllPages(readOptions) {
      ensureOpen();
      return readAllPages(stmts, readOptions, readAllEngine);
    },
    subscribeToAll(subscribeOptions) {
      ensureOpen();
      const subscription = subscribeToAll(stmts, feed, subscribeOptions, (ended) => subscriptions.delete(ended));
      subscriptions.add(subscription);
      return subscription;
    },
    async headPosition() {
      ensureOpen();
      return headCache.head();
    },
    integrity: {
      async head() {
        ensureOpen();
        return chainHead(stmts);
      },
      verify(onProgress) {
        ensureOpen();
        return verifyChain(db, stmts, onProgress);
      },
    },
    close() {
      // Refuses new calls at once; every caller of close waits for the same shutdown.
      closed = true;
      closing ??= (async () => {
        await group.drain();
        await Promise.all([...subscriptions].map((subscription) => subscription.unsubscribe()));
        await writer?.stop();
        await checkpointer?.stop();
        feed.close();
        db.close();
      })();
      return closing;
    },
  };
  internals.set(store, {
    db,
    stats: group.stats,
    readAhead: readAheadStats,
    committed: feed.stats,
    head: headCache.stats,
    checkpointer: () => checkpointer,
    writer: () => (writer?.alive ? writer : undefined),
  });
  return store;
}
