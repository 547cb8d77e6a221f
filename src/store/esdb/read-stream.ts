import type { EventStoreDBClient } from '@eventstore/db-client';
import type { ReadStreamOptions, RecordedEvent } from '../contract.js';
import { validateReadStreamOptions, validateStreamName } from '../validate-input.js';
import { mapEsdbError } from './map-errors.js';
import { toRecordedEvent } from './to-recorded-event.js';

/**
 * One stream, lazily: the client streams it over gRPC with backpressure, so only what the
 * consumer has not pulled yet is buffered. A missing stream throws StreamNotFoundError on
 * the first `next()`, as the client does.
 */
export async function* readStream(
  client: EventStoreDBClient,
  streamName: string,
  options?: ReadStreamOptions,
): AsyncGenerator<RecordedEvent> {
  const name = validateStreamName(streamName);
  const { from, direction, maxCount } = validateReadStreamOptions(options);
  // maxCount 0 still asks for one event so that a missing stream is reported as such.
  const read = client.readStream(name, {
    fromRevision: from,
    direction,
    ...(Number.isFinite(maxCount) ? { maxCount: Math.max(1, maxCount) } : {}),
  });
  let remaining = maxCount;
  try {
    for await (const resolved of read) {
      const event = toRecordedEvent(resolved);
      if (!event) continue;
      if (remaining <= 0) return;
      remaining--;
      yield event;
    }
  } catch (error) {
    throw mapEsdbError(error, { streamName: name });
  } finally {
    await read.cancel().catch(() => undefined);
  }
}
