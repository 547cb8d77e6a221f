import { ANY, NO_STREAM, STREAM_EXISTS, type AppendResult } from '../contract.js';
import { WrongExpectedVersionError } from '../errors.js';
import { checkExpectedRevision } from '../expected-revision.js';
import type { PreparedAppend, PreparedEvent } from '../validate-input.js';
import { GENESIS_HASH, linkHash } from './hash-chain.js';
import { eventIdOf, positionOf, revisionOf, type Statements } from './statements.js';

/**
 * One append, run inside the group's write transaction (and its own savepoint): the revision
 * check sees every commit before it, from this process or another. Throws
 * WrongExpectedVersionError on conflict; returns the original result for an idempotent retry.
 *
 * `nowMs` is the batch's commit time; `created` is max(previous event's created, now) so that
 * a clock stepping back never makes the log's time run backwards.
 */
export function appendInTransaction(stmts: Statements, request: PreparedAppend, nowMs: number): AppendResult {
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
      return { success: true, nextExpectedRevision: revisionOf(last), position: positionOf(last) };
    }
    case 'append':
      break;
  }

  const earlier = findStoredIds(stmts, streamName, events);
  if (earlier !== 'none') {
    // ANY/STREAM_EXISTS carry no revision to compare, so the ids alone identify a retry.
    const idsOnly = expectedRevision === ANY || expectedRevision === STREAM_EXISTS;
    if (idsOnly && earlier !== 'partial') {
      return { success: true, nextExpectedRevision: earlier.revision, position: earlier.position };
    }
    throw conflict();
  }
  return insertEvents(stmts, streamName, current === null ? 0n : current + 1n, events, nowMs);
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
): AppendResult {
  const head = stmts.head.get();
  let position = head?.position ?? 0n;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const created = new Date(Math.max(nowMs, head ? Date.parse(head.created) : 0)).toISOString();
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
  stmts.setChainHead.run(position, prevHash);
  return { success: true, nextExpectedRevision: revision, position };
}
