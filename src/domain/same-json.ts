import { canonicalJson } from '../canonical-json.js';

/** Structural equality of JSON values, independent of key order; `undefined` equals only itself. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

export { canonicalJson };
