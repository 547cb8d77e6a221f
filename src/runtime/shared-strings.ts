/**
 * Strings longer than this are left as they are read: titles, quotes and reasons are mostly
 * one of a kind, and a table of them cost the read-back time for nothing (by hand, the
 * bench's 1M checkpoint, alternating with the code before any sharing: ~0.35 s more without
 * the limit, ~0.1 s with it, the same heap after either).
 */
const LONGEST_SHARED = 32;

/**
 * One copy of each short string the records of a state read back from a checkpoint hold. Each
 * piece of a checkpoint is deserialised apart, and v8's deserialiser makes a new string at
 * every place one was saved, where the fold's records share theirs: JSON.parse internalises
 * strings of up to 10 characters (an event's type, an actor), and a map's key is its record's
 * own id. (Claim values are saved as JSON text for the same reason, and chain lists as claim
 * rows.)
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

  /** Shares, in place, every short string within a record or a JSON value (Dates and bigints are left). */
  within<T>(value: T): T {
    if (typeof value === 'string') return (value.length <= LONGEST_SHARED ? this.of(value) : value) as T;
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
