import type { RecordedEvent } from '../store/contract.js';
import { LedgerEvent, type PositionedEvent } from '../domain/events.js';

/**
 * The ledger's event types by name. Looking the stored type up here also hands the fold the
 * one constant string instead of the copy each row read from the store carries.
 */
const LEDGER_EVENT_TYPES: ReadonlyMap<string, LedgerEvent['type']> = new Map(
  LedgerEvent.options.map((o) => [o.shape.type.value, o.shape.type.value]),
);

/**
 * A stored event as the projections fold it, or undefined for events that are not the
 * ledger's (another application's stream on a shared EventStoreDB). The data was validated
 * when it was decided, so it is not parsed again: a rebuild must be fast.
 */
export function toPositioned(recorded: RecordedEvent): PositionedEvent | undefined {
  const type = LEDGER_EVENT_TYPES.get(recorded.type);
  if (type === undefined) return undefined;
  const actor = recorded.metadata['actor'];
  return {
    event: { ...(recorded.data as object), type } as LedgerEvent,
    position: recorded.position,
    recordedAt: recorded.created,
    actor: typeof actor === 'string' ? actor : 'unknown',
  };
}

/**
 * `toPositioned` for a fold that keeps every event: the projected state holds one copy of
 * each value many events repeat instead of one per event — the recorded time events committed
 * together share (a Date is ~100 bytes), the actor, and the subjects, properties, reports and
 * sources claims refer to. A million-event state is a quarter smaller for it.
 */
export function createPositioner(): (recorded: RecordedEvent) => PositionedEvent | undefined {
  const strings = new Map<string, string>();
  const shared = (value: string): string => {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  };
  let previous: PositionedEvent | undefined;
  return (recorded) => {
    const positioned = toPositioned(recorded);
    if (!positioned) return undefined;
    if (previous && previous.recordedAt.getTime() === positioned.recordedAt.getTime()) positioned.recordedAt = previous.recordedAt;
    positioned.actor = shared(positioned.actor);
    const event = positioned.event;
    if (event.type === 'ClaimAsserted' || event.type === 'ClaimAmended' || event.type === 'ClaimRetracted') {
      event.subject = shared(event.subject);
      event.property = shared(event.property);
      event.reportId = shared(event.reportId);
      event.sourceId = shared(event.sourceId);
    }
    previous = positioned;
    return positioned;
  };
}
