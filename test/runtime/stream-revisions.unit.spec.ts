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

  it('stand, for a save, as they were when it began, while sets and reads go on; streams new since are left out', () => {
    // given two streams' revisions, and a view of them taken for a save
    const revisions = new StreamRevisions();
    revisions.set('a', 0n);
    revisions.set('b', MAX_SAFE + 1n);
    const view = revisions.standing();
    const reading = view[Symbol.iterator]();
    expect(reading.next().value).toEqual(['a', 0n]);

    // when the fold sets later revisions and a new stream, read at once, part-way through the view
    revisions.set('a', 1n);
    revisions.set('c', 0n);
    revisions.set('b', MAX_SAFE + 2n);
    expect(revisions.get('a')).toBe(1n);

    // then the view reads the revisions as they stood, and the fold's own reads the new ones
    expect(reading.next().value).toEqual(['b', MAX_SAFE + 1n]);
    expect(reading.next().done).toBe(true);
    expect([...view]).toEqual([
      ['a', 0n],
      ['b', MAX_SAFE + 1n],
    ]);
    expect([...revisions]).toEqual([
      ['a', 1n],
      ['b', MAX_SAFE + 2n],
      ['c', 0n],
    ]);
    view.release();
  });

  it('stand for each save at its own point, however many are open', () => {
    const revisions = new StreamRevisions();
    revisions.set('a', 0n);
    const early = revisions.standing();
    revisions.set('a', 1n);
    revisions.set('b', 0n);
    const late = revisions.standing();
    revisions.set('a', 2n);
    revisions.set('b', 1n);
    expect(revisions.get('a')).toBe(2n);
    expect([...early]).toEqual([['a', 0n]]);
    expect([...late]).toEqual([
      ['a', 1n],
      ['b', 0n],
    ]);
    early.release();
    late.release();
    revisions.set('a', 3n);
    expect([...revisions]).toEqual([
      ['a', 3n],
      ['b', 1n],
    ]);
  });
});
