import { randomInt } from 'node:crypto';

/**
 * The row of each key of a table whose keys are kept in a list by row (the claim table's
 * claim ids): a `Map<string, number>` that keeps no strings of its own. Open addressing over
 * one typed array of (row + 1, hash) pairs, probed linearly.
 *
 * A `Map` of a million claim ids was the largest single cost of a fold: its inserts took ~64%
 * of the claim table's own time while folding the benchmark's 1M-event log (~0.8 s), and its
 * table ~28 MB of heap that the collector walks. Here a key is hashed once, a probe reads one
 * cache line, a growth moves pairs without touching a string, and the pairs hold no pointers.
 */
export class RowIndex {
  /** Pairs of (row + 1, hash) per slot; row + 1 so that a zeroed slot is empty. */
  #slots = new Int32Array(2 * INITIAL_SLOTS);
  #mask = INITIAL_SLOTS - 1;
  #size = 0;

  /** `keys[row]` is the key of each row set here. */
  constructor(private readonly keys: readonly string[]) {}

  get size(): number {
    return this.#size;
  }

  get(key: string): number | undefined {
    const stored = this.#slots[2 * this.#slotOf(key, hashOf(key))]!;
    return stored === 0 ? undefined : stored - 1;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Files `row` under `key`, in place of the row it had, if any (as `Map.set`). */
  set(key: string, row: number): void {
    const hash = hashOf(key);
    const slot = this.#slotOf(key, hash);
    const isNew = this.#slots[2 * slot] === 0;
    this.#slots[2 * slot] = row + 1;
    if (!isNew) return;
    this.#slots[2 * slot + 1] = hash;
    this.#size += 1;
    // At most half full: linear probes stay short.
    if (2 * this.#size > this.#mask + 1) this.#grow();
  }

  /** The slot holding `key`, or else the empty slot where it would go. */
  #slotOf(key: string, hash: number): number {
    const slots = this.#slots;
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const stored = slots[2 * slot]!;
      if (stored === 0 || (slots[2 * slot + 1] === hash && this.keys[stored - 1] === key)) return slot;
    }
  }

  #grow(): void {
    const old = this.#slots;
    const capacity = 2 * (this.#mask + 1);
    const slots = new Int32Array(2 * capacity);
    const mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      const stored = old[i]!;
      if (stored === 0) continue;
      const hash = old[i + 1]!;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = stored;
      slots[2 * slot + 1] = hash;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

const INITIAL_SLOTS = 1024;

/**
 * Claim ids are chosen by whoever writes claims, so the hash is seeded per process, as V8
 * seeds its own string hashes: ids that collide here cannot be made in advance.
 */
const SEED = randomInt(2 ** 32) | 0;

/**
 * A 32-bit hash of the string's UTF-16 code units: a multiply-xorshift per unit, then
 * MurmurHash3's finaliser. Exported for tests.
 */
export function hashOf(key: string): number {
  let hash = SEED;
  for (let i = 0; i < key.length; i += 1) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
