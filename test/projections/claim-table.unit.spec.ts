import { describe, expect, it } from 'vitest';
import type { ClaimAsserted, ClaimRetracted } from '../../src/domain/events.js';
import { ClaimTable, type ClaimEvent } from '../../projections/claim-table.js';
import type { Recorded } from '../../projections/ledger-state.js';
import { claimAsserted } from '../support/events.js';

const TIME = Date.parse('2026-11-24T10:00:00.000Z');

/** A claim about transfer:t1's count, as the table takes it: the event's data, without its type. */
const asserted = (claimId: string, extra: Partial<ClaimAsserted> = {}): ClaimEvent => {
  const { type: _, ...data } = claimAsserted(claimId, 'transfer:t1', 'detainees.count', { kind: 'exact', n: 150 }, extra);
  return data;
};

const retractionOf = (claimId: string, position: bigint): Recorded<ClaimRetracted> => ({
  type: 'ClaimRetracted',
  event: { retractionId: `x-${claimId}`, claimId, subject: 'transfer:t1', property: 'detainees.count', reportId: 'r1', sourceId: 's1' },
  position,
  recordedAt: new Date(TIME + 5_000),
  actor: 'analyst-2',
});

/** Three events: c1 asserted, c2 amending it (with a reason), c2 retracted. */
function tableOfAChain(): ClaimTable {
  const table = new ClaimTable();
  const first = table.add('ClaimAsserted', asserted('c1', { quote: 'about 150', credibility: 2 }), 0, 10n, TIME, 'analyst-1', undefined);
  table.amend(first, 'c2');
  const amendment = { ...asserted('c2', { value: { kind: 'exact', n: 160 } }), amends: 'c1', reason: 'a recount' };
  const second = table.add('ClaimAmended', amendment, 1, 11n, TIME + 1_000, 'analyst-1', table.rootOf(first));
  table.retract(second, retractionOf('c2', 12n), 2);
  return table;
}

describe('claim table: claims kept as rows, records made on request', () => {
  it('makes each claim back into the record a fold of its events kept', () => {
    // given an assertion, an amendment of it with a reason, and the amendment retracted
    const table = tableOfAChain();
    // when both claims are asked for
    const first = table.get('c1')!;
    const second = table.get('c2')!;
    // then each record holds what was recorded, and what later events changed in it
    expect(first).toEqual({
      type: 'ClaimAsserted',
      event: asserted('c1', { quote: 'about 150', credibility: 2 }),
      position: 10n,
      recordedAt: new Date(TIME),
      actor: 'analyst-1',
      root: 'c1',
      retraction: undefined,
      amendedBy: ['c2'],
      version: 11n,
    });
    expect(second).toEqual({
      type: 'ClaimAmended',
      event: { ...asserted('c2', { value: { kind: 'exact', n: 160 } }), amends: 'c1', reason: 'a recount' },
      position: 11n,
      recordedAt: new Date(TIME + 1_000),
      actor: 'analyst-1',
      root: 'c1',
      retraction: retractionOf('c2', 12n),
      amendedBy: [],
      version: 12n,
    });
    expect(Object.keys(first.event)).toEqual([...Object.keys(first.event)].sort());
    expect(first.event).not.toHaveProperty('amends');
    expect(table.get('c3')).toBeUndefined();
  });

  it('tests rows against a count of events: recorded, and standing (recorded and not retracted)', () => {
    const table = tableOfAChain();
    const second = table.find('c2')!;
    expect([1, 2, 3].map((events) => table.recordedWithin(second, events))).toEqual([false, true, true]);
    expect([1, 2, 3].map((events) => table.standsWithin(second, events))).toEqual([false, true, false]);
    expect(table.isAmended(table.find('c1')!)).toBe(true);
    expect(table.isAmended(second)).toBe(false);
    expect(table.isRoot(second)).toBe(false);
  });

  it('saves rows as they stood after some events, and reads them back as the same rows', () => {
    // given a chain whose amendment was retracted by the third event
    const table = tableOfAChain();
    // when the rows are saved as of two events, then as of three (the retraction a change), and read back
    const restored = new ClaimTable();
    restored.putRows(table.savedRows(0, table.rowsWithin(2), 2));
    const asOfTwo = [...restored.values()];
    restored.putChanges(table.changedRows(table.rowsWithin(2), 2, 3));
    // then as of two events nothing was retracted, and with the change laid over it the table is the whole one
    expect(asOfTwo[1]).toMatchObject({ retraction: undefined, version: 11n });
    expect(restored).toEqual(table);
    expect(restored.standsWithin(restored.find('c2')!, 3)).toBe(false);
    expect(restored.standsWithin(restored.find('c2')!, 2)).toBe(true);
  });

  it('saves a first claim without the amendments recorded after the point it is saved as of', () => {
    const table = tableOfAChain();
    const restored = new ClaimTable();
    restored.putRows(table.savedRows(0, table.rowsWithin(1), 1));
    expect(restored.size).toBe(1);
    expect(restored.get('c1')).toMatchObject({ amendedBy: [], version: 10n });
    expect(restored.isAmended(0)).toBe(false);
    expect(table.changedRows(1, 1, 1)).toEqual([]);
    expect(table.changedRows(1, 1, 2).map(({ row, amendedBy }) => [row, amendedBy])).toEqual([[0, ['c2']]]);
  });

  it('refuses saved rows that do not continue it', () => {
    const table = tableOfAChain();
    expect(() => new ClaimTable().putRows(table.savedRows(1, 2, 3))).toThrow(/from row 1 do not follow a table of 0 rows/);
  });

  it('compares equal in tests only when its rows do', () => {
    expect(tableOfAChain()).toEqual(tableOfAChain());
    const beforeRetraction = new ClaimTable();
    beforeRetraction.putRows(tableOfAChain().savedRows(0, 2, 2));
    expect(beforeRetraction).not.toEqual(tableOfAChain());
    expect(new ClaimTable()).not.toEqual(tableOfAChain());
  });

  it('keeps every row as it grows past its first capacity', () => {
    const table = new ClaimTable();
    for (let i = 0; i < 5_000; i += 1) {
      table.add('ClaimAsserted', asserted(`c${i}`, { subject: `transfer:t${i % 7}` }), i, BigInt(i + 1), TIME + i, `analyst-${i % 3}`, undefined);
    }
    expect(table.size).toBe(5_000);
    expect([...table.keys()].slice(-2)).toEqual(['c4998', 'c4999']);
    const last = table.get('c4999')!;
    expect(last).toMatchObject({ position: 5_000n, actor: 'analyst-1', recordedAt: new Date(TIME + 4_999) });
    expect(last.event.subject).toBe('transfer:t1');
    expect(table.subjectNumberOf(table.find('c4999')!)).toBe(table.subjectNumberOf(table.find('c1')!));
  });

  it('refuses a claim whose event index does not fit its 32-bit columns, rather than mistake it', () => {
    const table = new ClaimTable();
    expect(() => table.add('ClaimAsserted', asserted('c1'), 2 ** 31 - 1, 1n, TIME, 'a', undefined)).toThrow(RangeError);
    expect(table.size).toBe(0);
    expect(table.add('ClaimAsserted', asserted('c1'), 2 ** 31 - 2, 1n, TIME, 'a', undefined)).toBe(0);
  });

  it('lets claims with the same valid time share one object, field for field', () => {
    const table = new ClaimTable();
    let position = 0;
    const validTimeOf = (validTime?: ClaimEvent['validTime']) => {
      const row = table.add('ClaimAsserted', asserted(`c${position}`, validTime ? { validTime } : {}), position, BigInt(++position), TIME, 'a', undefined);
      return table.factsOf(row).validTime;
    };
    const first = validTimeOf({ precision: 'week', text: 'in recent days' });
    const same = validTimeOf({ precision: 'week', text: 'in recent days' });
    const otherPrecision = validTimeOf({ precision: 'month', text: 'in recent days' });
    const withStart = validTimeOf({ precision: 'week', start: '2026-11-20', text: 'in recent days' });
    const noText = validTimeOf({ precision: 'unknown' });
    const noTextAgain = validTimeOf({ precision: 'unknown' });
    expect(same).toBe(first);
    expect(otherPrecision).not.toBe(first);
    expect(otherPrecision).toEqual({ precision: 'month', text: 'in recent days' });
    expect(withStart).toEqual({ precision: 'week', start: '2026-11-20', text: 'in recent days' });
    expect(noTextAgain).toBe(noText);
    expect(validTimeOf()).toBeUndefined();
  });
});
