import { describe, expect, it } from 'vitest';
import { StreamRevisions } from '../../src/runtime/stream-revisions.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

describe('stream revisions as the projector keeps them', () => {
  it('reads back every revision exactly, a bigint, below and beyond the safe integers', () => {
    const revisions = new StreamRevisions();
    const set: [string, bigint][] = [
      ['subject-transfer:a', 0n],
      ['report-1', 41n],
      ['edge', MAX_SAFE],
      ['past-edge', MAX_SAFE + 1n],
      ['far', 2n ** 63n - 1n],
    ];
    for (const [stream, revision] of set) revisions.set(stream, revision);
    for (const [stream, revision] of set) expect(revisions.get(stream)).toBe(revision);
    expect(revisions.get('never-written')).toBeUndefined();
  });

  it('keeps the last revision set per stream, and iterates each stream once, in the order first set', () => {
    const revisions = new StreamRevisions();
    revisions.set('a', 0n);
    revisions.set('b', MAX_SAFE + 5n);
    revisions.set('a', 1n);
    revisions.set('b', 3n);
    expect(revisions.size).toBe(2);
    expect([...revisions]).toEqual([
      ['a', 1n],
      ['b', 3n],
    ]);
  });

  it('keeps the last of many more sets than it queues, read between runs and after', () => {
    const revisions = new StreamRevisions();
    const streams = 70_000;
    for (let i = 0; i < 200_000; i += 1) {
      revisions.set(`s${i % streams}`, BigInt(i));
      // A read in the middle of a run sees every set made before it.
      if (i === 100_000) expect(revisions.get('s30000')).toBe(100_000n);
    }
    expect(revisions.size).toBe(streams);
    expect(revisions.get('s5')).toBe(140_005n);
    expect(revisions.get('s69999')).toBe(139_999n);
    const all = [...revisions];
    expect(all[0]).toEqual(['s0', 140_000n]);
    expect(all[streams - 1]).toEqual(['s69999', 139_999n]);
  });
});
