import { configure } from 'safe-stable-stringify';

/**
 * RFC 8785 canonical JSON, the one encoding behind every hash and every content-derived id:
 * keys sorted by UTF-16 code units, numbers and strings as ECMAScript's JSON.stringify writes
 * them, no whitespace. safe-stable-stringify writes exactly that for JSON values (a property
 * test holds it to the `canonicalize` reference library) at about twice its speed, which
 * matters: every appended event is encoded once. Strict: a value JSON cannot carry (NaN,
 * a function, a bigint, a cycle) throws instead of being written some other way.
 */
const stringify = configure({ deterministic: true, strict: true, circularValue: Error, bigint: false });

export function canonicalJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('a value with no JSON form (undefined) cannot be canonicalised');
  return text;
}
