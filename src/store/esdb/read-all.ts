import { BACKWARDS, END, type EventStoreDBClient, type Position, type ReadPosition } from '@eventstore/db-client';
import type { ReadAllOptions, RecordedEvent } from '../contract.js';
import { validateReadAllOptions } from '../validate-input.js';
import { mapEsdbError } from './map-errors.js';
import { toRecordedEvent } from './to-recorded-event.js';

const at = (position: bigint): Position => ({ commit: position, prepare: position });

/**
 * `$all` without system events, lazily (gRPC streaming with backpressure). `maxCount` counts
 * only the events the ledger sees, so the server is asked for an unbounded read and the
 * iteration stops itself.
 *
 * The contract's start is inclusive both ways. The server's forward read is inclusive too, but
 * its backward read takes the position as an end (records ending at or before it), which leaves
 * out the event that starts there; so that one event is fetched first with a one-record forward
 * read, and the guard on the backward part keeps it from appearing twice.
 *
 * Positions must be real event positions (from our own events): the server repositions its log
 * reader there, so an arbitrary number is not a valid start.
 */
export async function* readAll(client: EventStoreDBClient, options?: ReadAllOptions): AsyncGenerator<RecordedEvent> {
  const { from, direction, maxCount } = validateReadAllOptions(options);
  let remaining = maxCount;
  if (remaining <= 0) return;
  if (direction === BACKWARDS && typeof from === 'bigint') {
    // The server is asked for one record only: either it is the ledger event at `from`, or there is none.
    for await (const event of scan(client, at(from), 'forwards', 1, (p) => p === from, 1)) {
      yield event;
      remaining--;
    }
    yield* scan(client, at(from), BACKWARDS, remaining, (p) => p < from);
    return;
  }
  const start: ReadPosition = typeof from === 'bigint' ? at(from) : from;
  yield* scan(client, start, direction, remaining, () => true);
}

async function* scan(
  client: EventStoreDBClient,
  fromPosition: ReadPosition,
  direction: 'forwards' | 'backwards',
  limit: number,
  accept: (position: bigint) => boolean,
  serverMaxCount?: number,
): AsyncGenerator<RecordedEvent> {
  if (limit <= 0) return;
  const read = client.readAll({ fromPosition, direction, ...(serverMaxCount ? { maxCount: serverMaxCount } : {}) });
  let remaining = limit;
  try {
    for await (const resolved of read) {
      const event = toRecordedEvent(resolved);
      if (!event || !accept(event.position)) continue;
      yield event;
      if (--remaining <= 0) return;
    }
  } catch (error) {
    throw mapEsdbError(error);
  } finally {
    await read.cancel().catch(() => undefined);
  }
}

/** Position of the last record of $all, system ones included (an anchor, not an event). */
export async function lastPositionOfAll(client: EventStoreDBClient): Promise<Position | null> {
  try {
    for await (const resolved of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
      return resolved.event?.position ?? null;
    }
    return null;
  } catch (error) {
    throw mapEsdbError(error);
  }
}

/** Position of the last non-system event, for headPosition(). */
export async function lastLedgerPosition(client: EventStoreDBClient): Promise<bigint | null> {
  for await (const event of readAll(client, { fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
    return event.position;
  }
  return null;
}
