import canonicalize from 'canonicalize';

/** Structural equality of JSON values, independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalize(a) === canonicalize(b);
}

/** The canonical (RFC 8785) text of a JSON value: equal texts, equal values. */
export function canonicalJson(value: unknown): string | undefined {
  return canonicalize(value);
}
