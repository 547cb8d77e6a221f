import { describe, expect, it } from 'vitest';
import { createPositioner, toPositioned } from '../../src/runtime/positioned.js';
import type { JsonObject, RecordedEvent } from '../../src/store/contract.js';
import { claimAsserted } from '../support/events.js';

/** An event's data as the store keeps it: everything but its type. */
function dataOf(event: { type: string }): JsonObject {
  const { type: _, ...data } = event;
  return data as JsonObject;
}

const claim = (position: bigint, created: string, actor = 'analyst-1'): RecordedEvent => ({
  streamId: 'subject-transfer:t1',
  id: `id-${position}`,
  revision: position - 1n,
  position,
  type: 'ClaimAsserted',
  data: dataOf(claimAsserted(`c${position}`, 'transfer:t1', 'detainees.count', { kind: 'exact', n: 150 })),
  metadata: { actor },
  created: new Date(created),
});

const retraction = (position: bigint, created: string): RecordedEvent => ({
  ...claim(position, created),
  type: 'ClaimRetracted',
  data: { retractionId: `x${position}`, claimId: 'c1', subject: 'transfer:syria-iraq-1733', property: 'detainees.count', reportId: 'r1', sourceId: 's1' },
});

describe('createPositioner: what a long fold keeps once', () => {
  it('positions every event exactly as toPositioned does', () => {
    const positioner = createPositioner();
    for (const recorded of [claim(1n, '2026-11-24T10:00:00.000Z'), claim(2n, '2026-11-24T10:00:01.000Z', 'analyst-2')]) {
      expect(positioner(recorded)).toEqual(toPositioned(recorded));
    }
  });

  it('lets events the state keeps as records, committed at the same time, share one recorded time', () => {
    const positioner = createPositioner();
    const first = positioner(retraction(1n, '2026-11-24T10:00:00.000Z'))!;
    const second = positioner(retraction(2n, '2026-11-24T10:00:00.000Z'))!;
    const third = positioner(retraction(3n, '2026-11-24T10:00:05.000Z'))!;
    expect(second.recordedAt).toBe(first.recordedAt);
    expect(third.recordedAt).not.toBe(first.recordedAt);
    expect(third.recordedAt.toISOString()).toBe('2026-11-24T10:00:05.000Z');
  });

  it('leaves claims as they are: the claim table keeps their repeated values once (claim-table.unit.spec.ts)', () => {
    const recorded = claim(1n, '2026-11-24T10:00:00.000Z');
    const data = structuredClone(recorded.data);
    expect(createPositioner()(recorded)!.event).toEqual(data);
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
