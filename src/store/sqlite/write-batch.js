// @ts-check
/**
 * The SQLite engine's write transaction: a batch of appends under one BEGIN IMMEDIATE …
 * COMMIT, so that one fsync (synchronous=FULL) makes all of them durable. Each append runs in
 * its own SAVEPOINT: one that fails part-way rolls back alone. A storage fault (disk full,
 * read-only, I/O error) abandons the whole transaction and fails every append in it, leaving
 * no transaction open behind.
 *
 * Plain JavaScript, typed by JSDoc, because it runs both on the main thread and on the writer
 * thread (writer-worker.js), and a worker thread loads JavaScript only. So the outcome of an
 * append is data, not an error object: it must cross a thread as a structured clone, and the
 * store's error classes are TypeScript. group-commit.ts turns outcomes into results and errors.
 */
import { ANY, checkExpectedRevision, NO_STREAM, STREAM_EXISTS } from '../expected-revision.js';
import { GENESIS_HASH, linkHash } from './link-hash.js';
import { isStorageFault } from './storage-fault.js';

/** @typedef {import('better-sqlite3').Database} Database */
/** @typedef {import('../expected-revision.js').ExpectedRevision} ExpectedRevision */

/**
 * An event as the engine stores it: data and metadata are canonical JSON already.
 * @typedef {{ id: string, type: string, dataJson: string, metadataJson: string }} EncodedEvent
 */
/** @typedef {{ streamName: string, expectedRevision: ExpectedRevision, events: EncodedEvent[] }} EncodedAppend */
/** @typedef {{ success: true, nextExpectedRevision: bigint, position: bigint }} AppendResult */

/**
 * Why an append failed, as data:
 * - `conflict`: the expected revision did not hold (`actual` is the stream's revision, or
 *   `no_stream`);
 * - `sqlite`: SQLite refused (a storage fault fails the whole batch);
 * - `error`: anything else.
 * @typedef {{ kind: 'conflict', streamName: string, expected: ExpectedRevision, actual: bigint | 'no_stream' }
 *   | { kind: 'sqlite', code: string, message: string }
 *   | { kind: 'error', message: string }} AppendFailure
 */
/**
 * `created` is there when the append wrote its events (not for an idempotent retry): with the
 * result it says exactly which rows the commit added, so live subscribers in this process can
 * be handed them without reading them back.
 * @typedef {{ ok: true, result: AppendResult, created?: string } | { ok: false, failure: AppendFailure }} AppendOutcome
 */
/**
 * One outcome per append, in order; `committed` is false when the transaction was abandoned.
 * @typedef {{ outcomes: AppendOutcome[], committed: boolean }} BatchResult
 */

/** The log's last event: what the next append chains onto (also read by `headPosition`). */
export const HEAD_SQL = 'SELECT position, hash, created FROM events ORDER BY position DESC LIMIT 1';

/**
 * Where the log ends inside the open write transaction.
 * @typedef {{ position: bigint, hash: string, createdMs: number }} ChainTip
 */

/**
 * Every statement a write transaction runs, prepared once per connection; integers come back
 * as bigint so that positions and revisions never lose precision.
 * @param {Database} db
 */
export function prepareWriteStatements(db) {
  /** @param {string} sql */
  const prepare = (sql) => db.prepare(sql).safeIntegers(true);
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    savepoint: db.prepare('SAVEPOINT append'),
    release: db.prepare('RELEASE append'),
    rollbackTo: db.prepare('ROLLBACK TO append'),
    head: prepare(HEAD_SQL),
    streamRevision: prepare('SELECT max(revision) AS revision FROM events WHERE stream_id = ?'),
    recentIds: prepare('SELECT revision, position, event_id FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT ?'),
    storedFrom: prepare('SELECT revision, position, event_id FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?'),
    insert: prepare(
      `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setChainHead: prepare(
      `INSERT INTO chain_head (id, position, hash) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, hash = excluded.hash`,
    ),
  };
}

/** @typedef {ReturnType<typeof prepareWriteStatements>} WriteStatements */

/** Thrown inside the transaction, turned into a `conflict` outcome by `writeBatch`. */
class RevisionConflict extends Error {
  /**
   * @param {string} streamName
   * @param {ExpectedRevision} expected
   * @param {bigint | null} current
   */
  constructor(streamName, expected, current) {
    super(`stream "${streamName}" expected revision ${String(expected)}`);
    /** @type {AppendFailure} */
    this.failure = { kind: 'conflict', streamName, expected, actual: current ?? NO_STREAM };
  }
}

/**
 * Writes the appends in one transaction, in order. `nowMs` is the commit time; an event's
 * `created` is max(previous event's created, now), so that a clock stepping back never makes
 * the log's time run backwards.
 * @param {Database} db
 * @param {WriteStatements} stmts
 * @param {readonly EncodedAppend[]} appends
 * @param {number} nowMs
 * @returns {BatchResult}
 */
export function writeBatch(db, stmts, appends, nowMs) {
  /** @param {unknown} error @returns {BatchResult} */
  const abandon = (error) => {
    rollbackQuietly(db);
    const failure = failureOf(error);
    return { outcomes: appends.map(() => ({ ok: false, failure })), committed: false };
  };
  /** @type {ChainTip} */
  let tip;
  try {
    stmts.begin.run();
    // After BEGIN IMMEDIATE: no other writer can move the tip now, and within the
    // transaction only these appends do, so it is read once, not once per append.
    tip = readChainTip(stmts);
  } catch (error) {
    return abandon(error);
  }
  const start = tip;
  /** @type {AppendOutcome[]} */
  const outcomes = [];
  for (const append of appends) {
    try {
      stmts.savepoint.run();
      const written = appendInTransaction(stmts, append, nowMs, tip);
      stmts.release.run();
      tip = written.tip;
      outcomes.push({ ok: true, result: written.result, created: written.created });
    } catch (error) {
      // SQLite may already have rolled the whole transaction back after such a fault.
      if (isStorageFault(error) || !db.inTransaction) return abandon(error);
      try {
        stmts.rollbackTo.run();
        stmts.release.run();
      } catch (rollbackError) {
        return abandon(rollbackError);
      }
      outcomes.push({ ok: false, failure: failureOf(error) });
    }
  }
  try {
    if (tip !== start) stmts.setChainHead.run(tip.position, tip.hash);
    stmts.commit.run();
  } catch (error) {
    return abandon(error);
  }
  return { outcomes, committed: true };
}

/** @param {Database} db */
function rollbackQuietly(db) {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // Nothing more to do: SQLite drops the transaction when the connection next succeeds.
  }
}

/**
 * @param {unknown} error
 * @returns {AppendFailure}
 */
function failureOf(error) {
  if (error instanceof RevisionConflict) return error.failure;
  const message = error instanceof Error ? error.message : String(error);
  const code = /** @type {{ code?: unknown } | null} */ (error)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? { kind: 'sqlite', code, message } : { kind: 'error', message };
}

/**
 * @param {WriteStatements} stmts
 * @returns {ChainTip}
 */
function readChainTip(stmts) {
  const head = /** @type {{ position: bigint, hash: string, created: string } | undefined} */ (stmts.head.get());
  return head
    ? { position: head.position, hash: head.hash, createdMs: Date.parse(head.created) }
    : { position: 0n, hash: GENESIS_HASH, createdMs: 0 };
}

/**
 * One append after `tip`, inside the transaction and its own savepoint: the revision check
 * sees every commit before it, from this process or another. Throws RevisionConflict;
 * returns the original result (and the same tip) for an idempotent retry.
 * @param {WriteStatements} stmts
 * @param {EncodedAppend} append
 * @param {number} nowMs
 * @param {ChainTip} tip
 * @returns {{ result: AppendResult, tip: ChainTip, created?: string }}
 */
function appendInTransaction(stmts, append, nowMs, tip) {
  const { streamName, expectedRevision, events } = append;
  const row = /** @type {{ revision: bigint | null } | undefined} */ (stmts.streamRevision.get(streamName));
  const current = row?.revision ?? null;
  const conflict = () => new RevisionConflict(streamName, expectedRevision, current);

  switch (checkExpectedRevision(expectedRevision, current)) {
    case 'conflict':
      throw conflict();
    case 'replay': {
      // The caller expected an older revision: success only if exactly these ids follow it.
      const from = expectedRevision === NO_STREAM ? 0n : /** @type {bigint} */ (expectedRevision) + 1n;
      const stored = /** @type {{ revision: bigint, position: bigint, event_id: string }[]} */ (
        stmts.storedFrom.all(streamName, from, events.length)
      );
      const last = stored[stored.length - 1];
      const same = stored.length === events.length && stored.every((s, i) => s.event_id === events[i]?.id);
      if (!same || !last) throw conflict();
      return { result: { success: true, nextExpectedRevision: last.revision, position: last.position }, tip };
    }
    case 'append':
      break;
  }

  // ANY/STREAM_EXISTS carry no revision to compare, so the ids alone identify a retry: they
  // are looked for among the stream's recent events. An exact revision was checked above, as
  // EventStoreDB checks it, and a new stream holds no ids at all.
  if ((expectedRevision === ANY || expectedRevision === STREAM_EXISTS) && current !== null) {
    const earlier = findRecentIds(stmts, streamName, events);
    if (earlier === 'partial') throw conflict();
    if (earlier !== 'none') {
      return { result: { success: true, nextExpectedRevision: earlier.revision, position: earlier.position }, tip };
    }
  }
  return insertEvents(stmts, streamName, current === null ? 0n : current + 1n, events, nowMs, tip);
}

/**
 * How many events may follow an `ANY`/`STREAM_EXISTS` append in its stream before a retry of
 * it is no longer recognised (and is appended again). Keeping ids unique across a whole stream
 * took an index whose random leaf every append dirtied (schema.ts, v2); EventStoreDB, whose
 * semantics the contract follows, recognises such retries among recent ids only as well.
 */
export const RETRY_WINDOW = 100;

/**
 * Where the ids are among the stream's last `events.length + RETRY_WINDOW` events: `none`,
 * all of them as one run in the same order (returns the last one), or `partial` (some, or out
 * of order).
 * @param {WriteStatements} stmts
 * @param {string} streamName
 * @param {readonly EncodedEvent[]} events
 * @returns {'none' | 'partial' | { revision: bigint, position: bigint }}
 */
function findRecentIds(stmts, streamName, events) {
  const recent = /** @type {{ revision: bigint, position: bigint, event_id: string }[]} */ (
    stmts.recentIds.all(streamName, events.length + RETRY_WINDOW)
  );
  /** @type {Map<string, { revision: bigint, position: bigint }>} */
  const byId = new Map();
  // Newest first: an id appended again at an exact revision is found where it was last put.
  for (const row of recent) if (!byId.has(row.event_id)) byId.set(row.event_id, row);
  let found = 0;
  /** @type {{ revision: bigint, position: bigint } | undefined} */
  let previous;
  let inOrder = true;
  for (const event of events) {
    const row = byId.get(event.id);
    if (!row) continue;
    if (previous && row.revision !== previous.revision + 1n) inOrder = false;
    previous = row;
    found++;
  }
  if (found === 0) return 'none';
  return found === events.length && inOrder && previous ? previous : 'partial';
}

/**
 * @param {WriteStatements} stmts
 * @param {string} streamName
 * @param {bigint} firstRevision
 * @param {readonly EncodedEvent[]} events
 * @param {number} nowMs
 * @param {ChainTip} tip
 * @returns {{ result: AppendResult, tip: ChainTip, created: string }}
 */
function insertEvents(stmts, streamName, firstRevision, events, nowMs, tip) {
  let position = tip.position;
  let prevHash = tip.hash;
  const createdMs = Math.max(nowMs, tip.createdMs);
  const created = new Date(createdMs).toISOString();
  let revision = firstRevision - 1n;
  for (const event of events) {
    position += 1n;
    revision += 1n;
    // The stored data and metadata are canonical JSON already (see prepareAppend): the text
    // stored is the text hashed.
    const hash = linkHash({
      position,
      streamId: streamName,
      revision,
      id: event.id,
      type: event.type,
      canonicalData: event.dataJson,
      canonicalMetadata: event.metadataJson,
      created,
      prevHash,
    });
    stmts.insert.run(position, streamName, revision, event.id, event.type, event.dataJson, event.metadataJson, created, prevHash, hash);
    prevHash = hash;
  }
  return { result: { success: true, nextExpectedRevision: revision, position }, tip: { position, hash: prevHash, createdMs }, created };
}
