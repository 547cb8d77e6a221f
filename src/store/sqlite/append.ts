import { ANY, NO_STREAM, STREAM_EXISTS, type AppendResult } from '../contract.js';
import { WrongExpectedVersionError } from '../errors.js';
import { checkExpectedRevision } from '../expected-revision.js';
import type { PreparedAppend, PreparedEvent } from '../validate-input.js';
import { GENESIS_HASH, linkHash } from './hash-chain.js';
import type { TransactionWriter } from './group-commit.js';
import { eventIdOf, positionOf, revisionOf, type Statements } from './statements.js';

/** Where the log ends inside the open write transaction: what the next event chains onto. */
export interface ChainTip {
  position: bigint;
  hash: string;
  /** The last event's `created`, in epoch milliseconds (0 for an empty log). */
  createdMs: number;
}

/** Read once per write transaction, after BEGIN IMMEDIATE: no other writer can move it then. */
function readChainTip(stmts: Statements): ChainTip {
  const head = stmts.head.get();
  return head
    ? { position: head.position, hash: head.hash, createdMs: Date.parse(head.created) }
    : { position: 0n, hash: GENESIS_HASH, createdMs: 0 };
}

/**
 * The appends of one write transaction, chained one after another from the tip read at its
 * start; `chain_head` is written once, before the commit, not once per append.
 */
export function chainWriter(stmts: Statements): TransactionWriter {
  let kept = readChainTip(stmts);
  let pending = kept;
  return {
    append(request, nowMs) {
      const outcome = appendInTransaction(stmts, request, nowMs, kept);
      pending = outcome.tip;
      return outcome.result;
    },
    keep() {
      kept = pending;
    },
    finish() {
      stmts.setChainHead.run(kept.position, kept.hash);
    },
  };
}

export interface AppendOutcome {
  result: AppendResult;
  /** The tip after this append (the same tip when nothing was written). */
  tip: ChainTip;
}

/**
 * One append, run inside the group's write transaction (and its own savepoint) after `tip`:
 * the revision check sees every commit before it, from this process or another. Throws
 * WrongExpectedVersionError on conflict; returns the original result for an idempotent retry.
 *
 * `nowMs` is the batch's commit time; `created` is max(previous event's created, now) so that
 * a clock stepping back never makes the log's time run backwards.
 */
export function appendInTransaction(stmts: Statements, request: PreparedAppend, nowMs: number, tip: ChainTip): AppendOutcome {
  const { streamName, expectedRevision, events } = request;
  const current = stmts.streamRevision.get(streamName)?.revision ?? null;
  const conflict = () => new WrongExpectedVersionError(streamName, expectedRevision, current ?? NO_STREAM);

  switch (checkExpectedRevision(expectedRevision, current)) {
    case 'conflict':
      throw conflict();
    case 'replay': {
      // The caller expected an older revision: success only if exactly these ids follow it.
      const from = expectedRevision === NO_STREAM ? 0n : (expectedRevision as bigint) + 1n;
      const stored = stmts.streamForward.all(streamName, from, events.length);
      const last = stored[stored.length - 1];
      const same = stored.length === events.length && stored.every((row, i) => eventIdOf(row) === events[i]!.id);
      if (!same || !last) throw conflict();
      return { result: { success: true, nextExpectedRevision: revisionOf(last), position: positionOf(last) }, tip };
    }
    case 'append':
      break;
  }

  // ANY/STREAM_EXISTS carry no revision to compare, so the ids alone identify a retry: they
  // are looked up. An exact revision needs no look-up: an id already in the stream makes the
  // insert break the (stream_id, event_id) constraint, which is the same conflict, and a new
  // stream holds no ids at all. That saves an index descent per event, dear in a large log.
  if (expectedRevision === ANY || expectedRevision === STREAM_EXISTS) {
    const earlier = current === null ? 'none' : findStoredIds(stmts, streamName, events);
    if (earlier === 'partial') throw conflict();
    if (earlier !== 'none') {
      return { result: { success: true, nextExpectedRevision: earlier.revision, position: earlier.position }, tip };
    }
  }
  try {
    return insertEvents(stmts, streamName, current === null ? 0n : current + 1n, events, nowMs, tip);
  } catch (error) {
    if (isDuplicateId(error)) throw conflict();
    throw error;
  }
}

/** Positions and revisions are computed in the transaction, so only an event id can collide. */
function isDuplicateId(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Where the ids already are in the stream: `none`, all of them as one run in the same order
 * (returns the last one), or `partial` (some, or out of order).
 */
function findStoredIds(
  stmts: Statements,
  streamName: string,
  events: readonly PreparedEvent[],
): 'none' | 'partial' | { revision: bigint; position: bigint } {
  let found = 0;
  let previous: { revision: bigint; position: bigint } | undefined;
  let inOrder = true;
  for (const event of events) {
    const row = stmts.eventById.get(streamName, event.id);
    if (!row) continue;
    if (previous && row.revision !== previous.revision + 1n) inOrder = false;
    previous = row;
    found++;
  }
  if (found === 0) return 'none';
  return found === events.length && inOrder && previous ? previous : 'partial';
}

function insertEvents(
  stmts: Statements,
  streamName: string,
  firstRevision: bigint,
  events: readonly PreparedEvent[],
  nowMs: number,
  tip: ChainTip,
): AppendOutcome {
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
    stmts.insert.run(
      position,
      streamName,
      revision,
      event.id,
      event.type,
      event.dataJson,
      event.metadataJson,
      created,
      prevHash,
      hash,
    );
    prevHash = hash;
  }
  return { result: { success: true, nextExpectedRevision: revision, position }, tip: { position, hash: prevHash, createdMs } };
}
