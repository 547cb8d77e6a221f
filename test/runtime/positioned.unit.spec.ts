import { describe, expect, it } from 'vitest';
import { createPositioner, toPositioned } from '../../src/runtime/positioned.js';
import type { RecordedEvent } from '../../src/store/contract.js';

const claim = (position: bigint, created: string, actor = 'analyst-1'): RecordedEvent => ({
  streamId: 'subject-transfer:t1',
  id: `id-${position}`,
  revision: position - 1n,
  position,
  type: 'ClaimAsserted',
  data: {
    claimId: `c${position}`,
    subject: 'transfer:t1',
    property: 'detainees.count',
    value: { kind: 'exact', n: 150 },
    reportId: 'r1',
    sourceId: 's1',
    hedge: 'stated',
  },
  metadata: { actor },
  created: new Date(created),
});

describe('createPositioner: what a long fold keeps once', () => {
  it('positions every event exactly as toPositioned does', () => {
    const positioner = createPositioner();
    for (const recorded of [claim(1n, '2026-11-24T10:00:00.000Z'), claim(2n, '2026-11-24T10:00:01.000Z', 'analyst-2')]) {
      expect(positioner(recorded)).toEqual(toPositioned(recorded));
    }
  });

  it('lets events committed at the same time share one recorded time', () => {
    const positioner = createPositioner();
    const first = positioner(claim(1n, '2026-11-24T10:00:00.000Z'))!;
    const second = positioner(claim(2n, '2026-11-24T10:00:00.000Z'))!;
    const third = positioner(claim(3n, '2026-11-24T10:00:05.000Z'))!;
    expect(second.recordedAt).toBe(first.recordedAt);
    expect(third.recordedAt).not.toBe(first.recordedAt);
    expect(third.recordedAt.toISOString()).toBe('2026-11-24T10:00:05.000Z');
  });

  it('lets claims with the same valid time share one object, field for field', () => {
    const positioner = createPositioner();
    const withValidTime = (position: bigint, validTime: object) => {
      const recorded = claim(position, '2026-11-24T10:00:00.000Z');
      (recorded.data as Record<string, unknown>)['validTime'] = validTime;
      return positioner(recorded)!.event as { validTime?: object };
    };
    const first = withValidTime(1n, { precision: 'week', text: 'in recent days' });
    const same = withValidTime(2n, { precision: 'week', text: 'in recent days' });
    const otherPrecision = withValidTime(3n, { precision: 'month', text: 'in recent days' });
    const withStart = withValidTime(4n, { precision: 'week', start: '2026-11-20', text: 'in recent days' });
    const noText = withValidTime(5n, { precision: 'unknown' });
    const noTextAgain = withValidTime(6n, { precision: 'unknown' });
    expect(same.validTime).toBe(first.validTime);
    expect(otherPrecision.validTime).not.toBe(first.validTime);
    expect(otherPrecision.validTime).toEqual({ precision: 'month', text: 'in recent days' });
    expect(withStart.validTime).toEqual({ precision: 'week', start: '2026-11-20', text: 'in recent days' });
    expect(noTextAgain.validTime).toBe(noText.validTime);
    expect(positioner(claim(7n, '2026-11-24T10:00:00.000Z'))!.event).not.toHaveProperty('validTime');
  });

  it('hands the recorded data on as the store gave it, its type beside it rather than set on it', () => {
    const recorded = claim(1n, '2026-11-24T10:00:00.000Z');
    const positioned = createPositioner()(recorded)!;
    expect(positioned.type).toBe('ClaimAsserted');
    expect(positioned.event).toBe(recorded.data);
    expect(recorded.data).not.toHaveProperty('type');
  });

  it('skips events that are not the ledger’s, as toPositioned does', () => {
    const foreign = { ...claim(1n, '2026-11-24T10:00:00.000Z'), type: 'OrderPlaced' };
    expect(createPositioner()(foreign)).toBeUndefined();
  });
});
