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
 *
 * The event is the recorded data object itself, not a copy, and its type goes beside it, not
 * onto it (see DataOf): the store parses a fresh object for every read, and copying a million
 * of them is a tenth of a rebuild. The recorded event is the caller's to hand over.
 */
export function toPositioned(recorded: RecordedEvent): PositionedEvent | undefined {
  const type = LEDGER_EVENT_TYPES.get(recorded.type);
  if (type === undefined) return undefined;
  const actor = recorded.metadata['actor'];
  return {
    type,
    event: recorded.data,
    position: recorded.position,
    recordedAt: recorded.created,
    actor: typeof actor === 'string' ? actor : 'unknown',
  } as PositionedEvent;
}

/**
 * One copy of each value many events repeat, for the records the state keeps as objects:
 * the recorded time events committed together share (a Date is ~100 bytes), the actor, and
 * the subject, property, report and source a retraction names. Claims are not pooled: the
 * claim table keeps their repeated strings once itself (projections/claim-table.ts).
 */
export interface ValuePool {
  /** Shares the record's time, actor and (for retractions) the ids its event names; claims pass through. */
  record<R extends { type: LedgerEvent['type']; recordedAt: Date; actor: string; event: object }>(record: R): R;
}

const SHORT_STRING_LENGTH = 10;

export function createValuePool(): ValuePool {
  const strings = new Map<string, string>();
  const shared = (value: string): string => {
    // V8 already keeps one copy of each string of up to 10 characters that JSON.parse reads
    // (it internalises them); looking those up again would only cost time.
    if (value.length <= SHORT_STRING_LENGTH) return value;
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  };
  // Events of one commit are consecutive: comparing with the last time is enough.
  let lastDate: Date | undefined;
  const sharedDate = (date: Date): Date => {
    if (lastDate && lastDate.getTime() === date.getTime()) return lastDate;
    return (lastDate = date);
  };
  return {
    record(record) {
      if (record.type === 'ClaimAsserted' || record.type === 'ClaimAmended') return record;
      record.recordedAt = sharedDate(record.recordedAt);
      record.actor = shared(record.actor);
      if (record.type === 'ClaimRetracted') {
        const event = record.event as Record<'subject' | 'property' | 'reportId' | 'sourceId', string>;
        event.subject = shared(event.subject);
        event.property = shared(event.property);
        event.reportId = shared(event.reportId);
        event.sourceId = shared(event.sourceId);
      }
      return record;
    },
  };
}

/** `toPositioned` for a fold that keeps every event: repeated values are kept once (see ValuePool). */
export function createPositioner(): (recorded: RecordedEvent) => PositionedEvent | undefined {
  const pool = createValuePool();
  return (recorded) => {
    const positioned = toPositioned(recorded);
    return positioned && pool.record(positioned);
  };
}
