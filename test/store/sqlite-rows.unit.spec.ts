import { describe, expect, it } from 'vitest';
import { toRecordedEvent, type StoredEventRow } from '../../src/store/sqlite/statements.js';

const row = (position: bigint, created: string): StoredEventRow => [
  position,
  's',
  position - 1n,
  `e${position}`,
  'Happened',
  '{"n":1}',
  '{}',
  created,
];

describe('sqlite rows as recorded events', () => {
  it('gives each event its own recorded time, rows of one commit and of the next alike', () => {
    const times = ['2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.000Z', '2026-11-24T10:00:01.500Z', '2026-11-24T10:00:00.000Z'];
    const events = times.map((created, i) => toRecordedEvent(row(BigInt(i + 1), created)));
    expect(events.map((e) => e.created.toISOString())).toEqual(times);
    expect(events[1]!.created).not.toBe(events[0]!.created);
    events[0]!.created.setTime(0);
    expect(events[1]!.created.toISOString()).toBe(times[1]);
  });
});
