import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import type { JsonObject, JsonValue, RecordedEvent } from '../contract.js';
import { fromEsdbEvent } from './event-id.js';

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
  if (position === undefined) throw new Error(`EventStoreDB returned ${event.streamId}@${event.revision} without a position`);
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
