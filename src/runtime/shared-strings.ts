/**
 * One copy of each string a state read back from a checkpoint holds. Each piece of a
 * checkpoint is deserialised apart, and v8's deserialiser makes a new string at every place
 * one was saved, where the fold's state holds one: JSON.parse internalises strings of up to
 * 10 characters (a quantity's `kind`, a country), and a claim id is one string wherever it is
 * listed (the claim table, chains, amendments). Read back without sharing, the bench's 1M log's
 * state was ~110 MiB larger than folded (by hand: heap after a full GC, 518 against 404 MiB).
 */
export class SharedStrings {
  readonly #strings = new Map<string, string>();

  /** The copy kept of `value`: the first one met. */
  of(value: string): string {
    const known = this.#strings.get(value);
    if (known !== undefined) return known;
    this.#strings.set(value, value);
    return value;
  }

  /** Shares, in place, every string within a JSON value or a record (Dates and bigints are left). */
  within<T>(value: T): T {
    if (typeof value === 'string') return this.of(value) as T;
    if (value === null || typeof value !== 'object' || value instanceof Date) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) value[i] = this.within(value[i]);
      return value;
    }
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) object[key] = this.within(object[key]);
    return value;
  }
}
