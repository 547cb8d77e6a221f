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
 * `joined` marks a batch written in the same transaction as the batch answered before it (the
 * writer thread merges the batches waiting for it), so that commits are counted once.
 * @typedef {{ outcomes: AppendOutcome[], committed: boolean, joined?: true }} BatchResult
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
  return startBatch(db, stmts, appends, nowMs).end();
}

/**
 * One transaction's result split back into the batches written in it, in order: `sizes` are
 * their numbers of appends. Each gets its own appends' outcomes; every one after the first is
 * `joined`.
 * @param {BatchResult} result
 * @param {readonly number[]} sizes
 * @returns {BatchResult[]}
 */
export function splitBatchResult(result, sizes) {
  let from = 0;
  return sizes.map((size, i) => {
    const outcomes = result.outcomes.slice(from, (from += size));
    return i === 0 ? { outcomes, committed: result.committed } : { outcomes, committed: result.committed, joined: true };
  });
}

/**
 * A write transaction still open: the last append's events are still being handed over.
 * - `add` writes the next of them, in order;
 * - `end` commits the batch, or, given `dropLast`, commits it without the last append (its
 *   events failed validation on the way), which then fails alone.
 * @typedef {{ add(events: readonly EncodedEvent[]): void, end(dropLast?: boolean): BatchResult }} OpenBatch
 */

/**
 * Begins the transaction and writes the appends in it. With `lastIds`, the last append's
 * events are not all here: `lastIds` are the ids of all of them, in order, and the events
 * follow through `add` (see writer-thread.ts). Its revision check and retry check need only
 * the ids, so they are made at once, and each part is written as it comes: the events are
 * encoded on one thread while the ones before them are written on this one.
 * @param {Database} db
 * @param {WriteStatements} stmts
 * @param {readonly EncodedAppend[]} appends
 * @param {number} nowMs
 * @param {readonly string[]} [lastIds]
 * @returns {OpenBatch}
 */
export function startBatch(db, stmts, appends, nowMs, lastIds) {
  /** @type {AppendOutcome[]} */
  const outcomes = [];
  /** Set once the transaction is abandoned: every append failed with it. @type {BatchResult | undefined} */
  let abandoned;
  /** @param {unknown} error @returns {BatchResult} */
  const abandon = (error) => {
    rollbackQuietly(db);
    const failure = failureOf(error);
    return (abandoned = { outcomes: appends.map(() => ({ ok: false, failure })), committed: false });
  };
  /** After an append threw inside its savepoint: it fails alone, or after a storage fault the batch does. @param {unknown} error */
  const dropAppend = (error) => {
    // SQLite may already have rolled the whole transaction back after such a fault.
    if (isStorageFault(error) || !db.inTransaction) {
      abandon(error);
      return;
    }
    try {
      stmts.rollbackTo.run();
      stmts.release.run();
      outcomes.push({ ok: false, failure: failureOf(error) });
    } catch (rollbackError) {
      abandon(rollbackError);
    }
  };

  /** @type {ChainTip} */
  let tip = { position: 0n, hash: GENESIS_HASH, createdMs: 0 };
  try {
    stmts.begin.run();
    // After BEGIN IMMEDIATE: no other writer can move the tip now, and within the
    // transaction only these appends do, so it is read once, not once per append.
    tip = readChainTip(stmts);
  } catch (error) {
    abandon(error);
  }
  const start = tip;
  /** @param {Written} written */
  const keep = (written) => {
    stmts.release.run();
    tip = written.tip;
    outcomes.push({ ok: true, result: written.result, created: written.created });
  };

  /** The last append's chain while its events come in; undefined once it has failed. @type {Chain | undefined} */
  let open;
  for (let i = 0; i < appends.length && !abandoned; i++) {
    const append = /** @type {EncodedAppend} */ (appends[i]);
    const stillComing = lastIds !== undefined && i === appends.length - 1;
    try {
      stmts.savepoint.run();
      const ids = stillComing ? lastIds : append.events.map((event) => event.id);
      const chain = openChain(stmts, append, ids, nowMs, tip);
      chain.write(append.events);
      if (stillComing) open = chain;
      else keep(chain.finish());
    } catch (error) {
      dropAppend(error);
    }
  }

  return {
    add(events) {
      if (!open) return;
      try {
        open.write(events);
      } catch (error) {
        open = undefined;
        dropAppend(error);
      }
    },
    end(dropLast = false) {
      if (open) {
        const chain = open;
        open = undefined;
        try {
          if (dropLast) throw new Error('the append was dropped: its events failed validation');
          keep(chain.finish());
        } catch (error) {
          dropAppend(error);
        }
      }
      if (abandoned) return abandoned;
      try {
        if (tip !== start) stmts.setChainHead.run(tip.position, tip.hash);
        stmts.commit.run();
      } catch (error) {
        return abandon(error);
      }
      return { outcomes, committed: true };
    },
  };
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
 * What an append wrote (or, for an idempotent retry, wrote before): its result, the log's tip
 * after it, and `created` when it wrote events now.
 * @typedef {{ result: AppendResult, tip: ChainTip, created?: string }} Written
 */

/**
 * Where one append's events go once it is decided from its ids, inside the transaction and
 * its own savepoint, after `tip`.
 * @typedef {object} Chain
 * @property {(events: readonly EncodedEvent[]) => void} write Writes the next of its events
 *   (for a retry, nothing: they are there already).
 * @property {() => Written} finish Its result once all are written; throws if fewer came than
 *   its ids named.
 */

/**
 * @param {WriteStatements} stmts
 * @param {{ streamName: string, expectedRevision: ExpectedRevision }} append
 * @param {readonly string[]} ids every event's id, in order
 * @param {number} nowMs
 * @param {ChainTip} tip
 * @returns {Chain}
 */
function openChain(stmts, append, ids, nowMs, tip) {
  const decided = decideAppend(stmts, append, ids);
  if ('firstRevision' in decided) return startChain(stmts, append.streamName, decided.firstRevision, nowMs, tip, ids);
  return { write() {}, finish: () => ({ result: decided.result, tip }) };
}

/**
 * Decides one append from its event ids alone. The revision check sees every commit before
 * it, from this process or another. Throws RevisionConflict; returns the original result for
 * an idempotent retry, or else the revision its first event takes.
 * @param {WriteStatements} stmts
 * @param {{ streamName: string, expectedRevision: ExpectedRevision }} append
 * @param {readonly string[]} ids
 * @returns {{ result: AppendResult } | { firstRevision: bigint }}
 */
function decideAppend(stmts, { streamName, expectedRevision }, ids) {
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
        stmts.storedFrom.all(streamName, from, ids.length)
      );
      const last = stored[stored.length - 1];
      const same = stored.length === ids.length && stored.every((s, i) => s.event_id === ids[i]);
      if (!same || !last) throw conflict();
      return { result: { success: true, nextExpectedRevision: last.revision, position: last.position } };
    }
    case 'append':
      break;
  }

  // ANY/STREAM_EXISTS carry no revision to compare, so the ids alone identify a retry: they
  // are looked for among the stream's recent events. An exact revision was checked above, as
  // EventStoreDB checks it, and a new stream holds no ids at all.
  if ((expectedRevision === ANY || expectedRevision === STREAM_EXISTS) && current !== null) {
    const earlier = findRecentIds(stmts, streamName, ids);
    if (earlier === 'partial') throw conflict();
    if (earlier !== 'none') {
      return { result: { success: true, nextExpectedRevision: earlier.revision, position: earlier.position } };
    }
  }
  return { firstRevision: current === null ? 0n : current + 1n };
}

/**
 * How many events may follow an `ANY`/`STREAM_EXISTS` append in its stream before a retry of
 * it is no longer recognised (and is appended again). Keeping ids unique across a whole stream
 * took an index whose random leaf every append dirtied (schema.ts, v2); EventStoreDB, whose
 * semantics the contract follows, recognises such retries among recent ids only as well.
 */
export const RETRY_WINDOW = 100;

/**
 * Where the ids are among the stream's last `ids.length + RETRY_WINDOW` events: `none`,
 * all of them as one run in the same order (returns the last one), or `partial` (some, or out
 * of order).
 * @param {WriteStatements} stmts
 * @param {string} streamName
 * @param {readonly string[]} ids
 * @returns {'none' | 'partial' | { revision: bigint, position: bigint }}
 */
function findRecentIds(stmts, streamName, ids) {
  const recent = /** @type {{ revision: bigint, position: bigint, event_id: string }[]} */ (
    stmts.recentIds.all(streamName, ids.length + RETRY_WINDOW)
  );
  /** @type {Map<string, { revision: bigint, position: bigint }>} */
  const byId = new Map();
  // Newest first: an id appended again at an exact revision is found where it was last put.
  for (const row of recent) if (!byId.has(row.event_id)) byId.set(row.event_id, row);
  let found = 0;
  /** @type {{ revision: bigint, position: bigint } | undefined} */
  let previous;
  let inOrder = true;
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    if (previous && row.revision !== previous.revision + 1n) inOrder = false;
    previous = row;
    found++;
  }
  if (found === 0) return 'none';
  return found === ids.length && inOrder && previous ? previous : 'partial';
}

/**
 * The chain of an append that writes its events: its stream from `firstRevision`, the log
 * after `tip`, each event's link hashed onto the one before. Each event must be the next one
 * `ids` names, so that what was decided from the ids is what is written.
 * @param {WriteStatements} stmts
 * @param {string} streamName
 * @param {bigint} firstRevision
 * @param {number} nowMs
 * @param {ChainTip} tip
 * @param {readonly string[]} ids
 * @returns {Chain}
 */
function startChain(stmts, streamName, firstRevision, nowMs, tip, ids) {
  let position = tip.position;
  let prevHash = tip.hash;
  const createdMs = Math.max(nowMs, tip.createdMs);
  const created = new Date(createdMs).toISOString();
  let revision = firstRevision - 1n;
  let written = 0;
  return {
    write(events) {
      for (const event of events) {
        if (event.id !== ids[written]) {
          throw new Error(`event ${written} of the append has id "${event.id}", not the "${ids[written]}" it was checked with`);
        }
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
        written++;
      }
    },
    finish() {
      if (written !== ids.length) throw new Error(`the append was checked with ${ids.length} event ids but ${written} events came`);
      return {
        result: { success: true, nextExpectedRevision: revision, position },
        tip: { position, hash: prevHash, createdMs },
        created,
      };
    },
  };
}
