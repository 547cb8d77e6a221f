import type { RecordedEvent } from '../store/contract.js';
import { LedgerEvent, type PositionedEvent } from '../domain/events.js';
import type { ValidTime } from '../domain/commands.js';

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
 * One copy of each value many events repeat: the recorded time events committed together
 * share (a Date is ~100 bytes), the actor, the subjects, properties, reports and sources
 * claims refer to, and their valid times. A million-event state is a quarter smaller for the
 * first of these, and the valid times took ~100 MB more off the bench's 1M-event state
 * (705 → ~600 MB of heap after the fold; peak RSS with the views 1,036 → ~915 MB).
 */
export interface ValuePool {
  /** Shares the record's time, actor and (for claims and retractions) the ids and valid time its event names. */
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
  // A claim's valid time is a phrase and a precision ("in recent days", week) that many claims
  // repeat: one object per phrase is kept and given to every claim whose valid time equals it
  // field for field (the events' canonical JSON gives equal ones the same key order).
  const validTimes = new Map<string, ValidTime>();
  const sharedValidTime = (validTime: ValidTime): ValidTime => {
    const text = validTime.text ?? '';
    const known = validTimes.get(text);
    if (known !== undefined && sameValidTime(known, validTime)) return known;
    if (known === undefined) validTimes.set(text, validTime);
    return validTime;
  };
  // Events of one commit are consecutive: comparing with the last time is enough.
  let lastDate: Date | undefined;
  const sharedDate = (date: Date): Date => {
    if (lastDate && lastDate.getTime() === date.getTime()) return lastDate;
    return (lastDate = date);
  };
  return {
    record(record) {
      record.recordedAt = sharedDate(record.recordedAt);
      record.actor = shared(record.actor);
      const event = record.event as Partial<Record<'subject' | 'property' | 'reportId' | 'sourceId', string>> & { validTime?: ValidTime };
      if (record.type === 'ClaimAsserted' || record.type === 'ClaimAmended' || record.type === 'ClaimRetracted') {
        event.subject = shared(event.subject!);
        event.property = shared(event.property!);
        event.reportId = shared(event.reportId!);
        event.sourceId = shared(event.sourceId!);
        if (event.validTime !== undefined) event.validTime = sharedValidTime(event.validTime);
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

function sameValidTime(a: ValidTime, b: ValidTime): boolean {
  const aKeys = Object.keys(a);
  return aKeys.length === Object.keys(b).length && aKeys.every((key) => a[key as keyof ValidTime] === b[key as keyof ValidTime]);
}
