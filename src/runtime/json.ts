/**
 * Output bodies carry bigints (positions, revisions) and Dates. JSON has neither: positions
 * become numbers (exact below 2^53, which every log here stays under) and dates ISO strings.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value <= MAX_SAFE ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    // A loop rather than entries/flatMap/fromEntries: every response body goes through here.
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (child === undefined) continue;
      // Assigning "__proto__" would set the prototype: a claimed value's "__proto__" key must
      // stay an ordinary key, so that one is defined as an own property.
      if (key === '__proto__') Object.defineProperty(copy, key, { value: toJsonValue(child), enumerable: true, writable: true, configurable: true });
      else copy[key] = toJsonValue(child);
    }
    return copy;
  }
  return value;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function stringifyJson(value: unknown, indent?: number): string {
  return JSON.stringify(toJsonValue(value), null, indent);
}
