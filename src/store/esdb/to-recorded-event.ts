import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import type { JsonObject, JsonValue, RecordedEvent } from '../contract.js';
import { fromEsdbEvent } from './event-id.js';

/** What the server sends (as -1 → u64 max) when it does not know where an event was committed. */
const NO_POSITION = 2n ** 64n - 1n;

/** System streams and events (`$`-prefixed) are the server's business, never the ledger's. */
export function isSystemEvent(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

/**
 * Converts what the client read into the contract's shape, or null for what the ledger must
 * not see (system events, link-only entries). The position is the commit position.
 */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const event = resolved.event;
  if (!event || isSystemEvent(event.streamId, event.type)) return null;
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined || position === NO_POSITION) {
    // Servers before 23.x leave positions out of stream reads; the contract cannot do without.
    throw new Error(
      `EventStoreDB returned ${event.streamId}@${event.revision} without a log position (stream reads carry one from server 23.10 on)`,
    );
  }
  const restored = fromEsdbEvent(event.id, toMetadata(event.metadata));
  return {
    streamId: event.streamId,
    id: restored.id,
    revision: event.revision,
    position,
    type: event.type,
    data: toData(event.isJson, event.data),
    metadata: restored.metadata,
    created: event.created,
  };
}

function toData(isJson: boolean, data: unknown): JsonValue {
  if (isJson) return data as JsonValue;
  // Written by another tool as binary: hand over its text rather than failing the whole read.
  return data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : null;
}

function toMetadata(metadata: unknown): JsonObject {
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && !(metadata instanceof Uint8Array)
    ? (metadata as JsonObject)
    : {};
}
