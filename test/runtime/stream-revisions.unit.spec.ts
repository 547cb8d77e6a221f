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
});
