import type { RecordedEvent } from '../store/contract.js';
import { LedgerEvent, type PositionedEvent } from '../domain/events.js';

const LEDGER_EVENT_TYPES: ReadonlySet<string> = new Set(LedgerEvent.options.map((o) => o.shape.type.value));

/**
 * A stored event as the projections fold it, or undefined for events that are not the
 * ledger's (another application's stream on a shared EventStoreDB). The data was validated
 * when it was decided, so it is not parsed again: a rebuild must be fast.
 */
export function toPositioned(recorded: RecordedEvent): PositionedEvent | undefined {
  if (!LEDGER_EVENT_TYPES.has(recorded.type)) return undefined;
  const actor = recorded.metadata['actor'];
  return {
    event: { ...(recorded.data as object), type: recorded.type } as LedgerEvent,
    position: recorded.position,
    recordedAt: recorded.created,
    actor: typeof actor === 'string' ? actor : 'unknown',
  };
}
