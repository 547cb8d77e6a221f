import type { AsOfBody } from './as-of-line.js';

/**
 * Where the next page starts, as the flags to ask for it: pinned to this page's position, so
 * that the pages add up to one list even while the log grows.
 */
export function nextPageLine(what: string, body: { asOf: AsOfBody; next?: string | bigint | null }): string | undefined {
  if (body.next === undefined || body.next === null) return undefined;
  return `More ${what} follow: --after ${body.next} --as-of ${body.asOf.position}`;
}
