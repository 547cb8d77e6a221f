import type Database from 'better-sqlite3';
import type { EventStore, Subscription } from '../contract.js';
import { UnsupportedStoreError } from '../errors.js';
import { prepareAppend } from '../validate-input.js';
import { chainWriter } from './append.js';
import { createChangeFeed } from './change-feed.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { MEMORY_PATH, openConnection } from './connection.js';
import { createGroupCommit, type GroupCommitStats } from './group-commit.js';
import { readAll } from './read-all.js';
import { readStream } from './read-stream.js';
import { prepareStatements } from './statements.js';
import { subscribeToAll } from './subscribe.js';
import { chainHead, verifyChain } from './verify.js';

export interface SqliteEventStoreOptions {
  /** Largest serialised event (data + metadata) accepted, in bytes. */
  maxEventBytes: number;
  /**
   * Forward reads of at least this many events parse on this thread while a worker thread
   * steps SQLite. @defaultValue READ_AHEAD_MIN_EVENTS (50,000)
   */
  readAheadMinEvents?: number;
}

/** What tests may reach behind the contract: the engine's own connection and its counters. */
export interface SqliteInternals {
  db: Database.Database;
  stats: GroupCommitStats;
  /** Events forward reads took from the read-ahead worker. */
  readAhead: { events: number };
  /** The WAL checkpointer thread, once appends have started it. */
  checkpointer(): Checkpointer | undefined;
}

const internals = new WeakMap<EventStore, SqliteInternals>();

/**
 * Appended events after which WAL checkpoints move to their own thread. Until then SQLite's
 * own checkpoint (at 1,000 WAL pages, a few hundred events) has hardly had to run, and
 * starting the thread would cost a short-lived process ~40 ms.
 */
const CHECKPOINTER_AFTER_EVENTS = 500;

/** Test seam: the connection and commit counters of a store opened by this engine. */
export function sqliteInternals(store: EventStore): SqliteInternals {
  const found = internals.get(store);
  if (!found) throw new Error('not a sqlite event store');
  return found;
}

/**
 * The embedded engine. `path` is a file (parent directories are created) or `:memory:`.
 * One connection serves reads and writes: better-sqlite3 is synchronous, so the event loop
 * interleaves them at page and batch boundaries only.
 */
export async function openSqliteEventStore(path: string, options: SqliteEventStoreOptions): Promise<EventStore> {
  // better-sqlite3 would quietly open a temporary database for an empty path.
  if (path.trim() === '') throw new UnsupportedStoreError(`sqlite:${path}`);
  const db = openConnection(path);
  const stmts = prepareStatements(db);
  const feed = createChangeFeed({
    readVersion: path === MEMORY_PATH ? undefined : () => db.pragma('data_version', { simple: true }) as number,
  });
  const group = createGroupCommit(db, () => chainWriter(stmts), feed.notify);
  const subscriptions = new Set<Subscription>();
  // Started once this process has appended enough for checkpoints to matter: a process that
  // only reads, or a `ledger append` of a short file, never pays for starting a thread.
  let checkpointer: Checkpointer | undefined;
  let appendedEvents = 0;
  const readAheadStats = { events: 0 };
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error('the event store is closed');
  };

  const store: EventStore = {
    engine: 'sqlite',
    async appendToStream(streamName, events, appendOptions) {
      ensureOpen();
      const prepared = prepareAppend(streamName, events, appendOptions, options.maxEventBytes);
      appendedEvents += prepared.events.length;
      if (!checkpointer && path !== MEMORY_PATH && appendedEvents >= CHECKPOINTER_AFTER_EVENTS) {
        checkpointer = startCheckpointer(db, path);
      }
      return group.enqueue(prepared);
    },
    readStream(streamName, readOptions) {
      ensureOpen();
      return readStream(stmts, streamName, readOptions);
    },
    readAll(readOptions) {
      ensureOpen();
      return readAll(stmts, readOptions, {
        path: path === MEMORY_PATH ? undefined : path,
        readAheadMinEvents: options.readAheadMinEvents,
        readAheadStats,
      });
    },
    subscribeToAll(subscribeOptions) {
      ensureOpen();
      const subscription = subscribeToAll(stmts, feed, subscribeOptions, (ended) => subscriptions.delete(ended));
      subscriptions.add(subscription);
      return subscription;
    },
    async headPosition() {
      ensureOpen();
      return stmts.head.get()?.position ?? null;
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
    async close() {
      if (closed) return;
      group.drain();
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.unsubscribe()));
      await checkpointer?.stop();
      feed.close();
      db.close();
    },
  };
  internals.set(store, { db, stats: group.stats, readAhead: readAheadStats, checkpointer: () => checkpointer });
  return store;
}
