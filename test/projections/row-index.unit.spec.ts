import { describe, expect, it } from 'vitest';
import { hashOf, RowIndex } from '../../projections/row-index.js';

/** A seeded generator, so that a failing sequence can be run again. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Two different keys with the same 32-bit hash in this process (a birthday search). */
function collidingKeys(): [string, string] {
  const byHash = new Map<number, string>();
  for (let i = 0; ; i += 1) {
    const key = `claim-${i}`;
    const earlier = byHash.get(hashOf(key));
    if (earlier !== undefined) return [earlier, key];
    byHash.set(hashOf(key), key);
  }
}

describe('row index: rows by key over the table\'s own list of keys', () => {
  it('answers as a Map would over a long run of sets, re-sets and misses, through many growths', () => {
    // given keys appended row by row, some of them again (a later row then wins), as a Map is told
    const keys: string[] = [];
    const index = new RowIndex(keys);
    const expected = new Map<string, number>();
    const random = lcg(20261127);
    for (let row = 0; row < 60_000; row += 1) {
      const key = random() < 0.05 && row > 0 ? keys[Math.floor(random() * row)]! : `c-${Math.floor(random() * 1e9).toString(36)}`;
      keys.push(key);
      // when each is set
      index.set(key, row);
      expected.set(key, row);
      // then keys set so far, and keys never set, give what the Map gives
      if (row % 997 === 0) {
        for (let i = 0; i < 200; i += 1) {
          const known = keys[Math.floor(random() * keys.length)]!;
          expect(index.get(known)).toBe(expected.get(known));
        }
        expect(index.get(`absent-${row}`)).toBeUndefined();
        expect(index.has(`absent-${row}`)).toBe(false);
      }
    }
    expect(index.size).toBe(expected.size);
    const wrong = [...expected].filter(([known, at]) => index.get(known) !== at);
    expect(wrong).toEqual([]);
  });

  it('tells apart two keys whose hashes are equal', () => {
    // given two different keys with one hash
    const [first, second] = collidingKeys();
    expect(first).not.toBe(second);
    expect(hashOf(first)).toBe(hashOf(second));
    // when the first is set, then the second, then the first again
    const keys = [first, second, first];
    const index = new RowIndex(keys);
    index.set(first, 0);
    // then the second is not found for the first's hash
    expect(index.get(second)).toBeUndefined();
    index.set(second, 1);
    expect([index.get(first), index.get(second), index.size]).toEqual([0, 1, 2]);
    // and a key set again replaces its own row only
    index.set(first, 2);
    expect([index.get(first), index.get(second), index.size]).toEqual([2, 1, 2]);
  });

  it('finds each of many keys that start in one slot, and no key that is not there', () => {
    // given 300 keys whose hashes start in one slot of the first table (1,024 slots), and one more not set
    const slotOf = (key: string) => hashOf(key) & 1023;
    const target = slotOf('claim-0');
    const crowded: string[] = [];
    for (let i = 0; crowded.length < 301; i += 1) if (slotOf(`claim-${i}`) === target) crowded.push(`claim-${i}`);
    const absent = crowded.pop()!;
    const keys: string[] = [];
    const index = new RowIndex(keys);
    // when they are set, one probe chain of 300 in that table
    for (const key of crowded) index.set(key, keys.push(key) - 1);
    // then each is found at its own row, and the key not set is not found at the chain's end
    crowded.forEach((key, row) => expect(index.get(key)).toBe(row));
    expect(index.get(absent)).toBeUndefined();
    // and so after 2,000 more keys have grown the table past them
    for (let i = 0; i < 2_000; i += 1) index.set(`other-${i}`, keys.push(`other-${i}`) - 1);
    crowded.forEach((key, row) => expect(index.get(key)).toBe(row));
    expect(index.get(absent)).toBeUndefined();
    expect(index.size).toBe(2_300);
  });
});
