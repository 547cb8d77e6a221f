import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import type { AppendOptions, AppendResult, EventData } from '../contract.js';
import { prepareAppend } from '../validate-input.js';
import { toEsdbEvent } from './event-id.js';
import { mapEsdbError } from './map-errors.js';

/**
 * Validates (size included) before anything goes on the wire, then appends with the caller's
 * expected revision; the server applies the revision and idempotency rules.
 */
export async function appendToStream(
  client: EventStoreDBClient,
  streamName: string,
  events: EventData | readonly EventData[],
  options: AppendOptions | undefined,
  maxEventBytes: number,
): Promise<AppendResult> {
  const request = prepareAppend(streamName, events, options, maxEventBytes);
  const wireEvents = request.events.map((event, i) => {
    const { id, metadata } = toEsdbEvent(event.id, event.metadata, `events[${i}]`);
    // The client's JSON types are narrower than JsonValue (no top-level scalars); the wire
    // format is plain JSON text either way.
    return jsonEvent({ id, type: event.type, data: event.data as Record<string, unknown>, metadata });
  });
  const context = { streamName: request.streamName, expectedRevision: request.expectedRevision };
  try {
    const result = await client.appendToStream(request.streamName, wireEvents, {
      expectedRevision: request.expectedRevision,
    });
    const position = result.position?.commit ?? (await positionOf(client, request.streamName, result.nextExpectedRevision));
    return { success: true, nextExpectedRevision: result.nextExpectedRevision, position };
  } catch (error) {
    throw mapEsdbError(error, context);
  }
}

/** The server omits the position on some idempotent replies; the event itself has it. */
async function positionOf(client: EventStoreDBClient, streamName: string, revision: bigint): Promise<bigint> {
  for await (const resolved of client.readStream(streamName, { fromRevision: revision, maxCount: 1 })) {
    const position = resolved.event?.position?.commit ?? resolved.commitPosition;
    if (position !== undefined) return position;
  }
  throw new Error(`EventStoreDB gave no position for ${streamName}@${revision}`);
}
