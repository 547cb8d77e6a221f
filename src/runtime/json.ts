/**
 * Output bodies carry bigints (positions, revisions) and Dates. JSON has neither: positions
 * become numbers (exact below 2^53, which every log here stays under) and dates ISO strings.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties: a claimed value's "__proto__" key stays a key.
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, child]) => (child === undefined ? [] : [[key, toJsonValue(child)]])),
    );
  }
  return value;
}

export function stringifyJson(value: unknown, indent?: number): string {
  return JSON.stringify(toJsonValue(value), null, indent);
}
