import { z } from 'zod';

const Count = z
  .number()
  .int('must be a whole number')
  .nonnegative('must not be negative')
  .max(Number.MAX_SAFE_INTEGER, 'must be at most 2^53 - 1');

/**
 * How many, as reported: exact, approximate, a range, a bound, or undisclosed ("somevalue").
 * Every quantity is an interval [lo, hi] with hi possibly unbounded.
 */
export const Quantity = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exact'), n: Count }),
  z.strictObject({ kind: z.literal('approximate'), n: Count }),
  z
    .strictObject({ kind: z.literal('range'), min: Count, max: Count })
    .refine((q) => q.min <= q.max, { message: 'min must not exceed max', path: ['min'] }),
  z.strictObject({ kind: z.literal('atLeast'), min: Count }),
  z.strictObject({ kind: z.literal('atMost'), max: Count }),
  z.strictObject({ kind: z.literal('undisclosed') }),
]);

export type Quantity = z.infer<typeof Quantity>;

/** `hi === null` means unbounded. */
export type Interval = readonly [lo: number, hi: number | null];

export function intervalOf(quantity: Quantity): Interval {
  switch (quantity.kind) {
    case 'exact':
    case 'approximate':
      return [quantity.n, quantity.n];
    case 'range':
      return [quantity.min, quantity.max];
    case 'atLeast':
      return [quantity.min, null];
    case 'atMost':
      return [0, quantity.max];
    case 'undisclosed':
      return [0, null];
    default: {
      const unhandled: never = quantity;
      return unhandled;
    }
  }
}

export function addIntervals(a: Interval, b: Interval): Interval {
  return [a[0] + b[0], a[1] === null || b[1] === null ? null : a[1] + b[1]];
}

export function intersects(a: Interval, b: Interval): boolean {
  const aBelowB = a[1] !== null && a[1] < b[0];
  const bBelowA = b[1] !== null && b[1] < a[0];
  return !aBelowB && !bBelowA;
}

/**
 * Narrows `a` by an upper bound (a planned total bounds what was transferred). A bound that
 * `a` already exceeds cannot narrow it: the interval stays as the claims make it, and the
 * contradiction is for a consistency check to report, not to turn the interval inside out.
 */
export function capInterval(a: Interval, maxHi: number | null): Interval {
  if (maxHi === null || maxHi < a[0]) return a;
  const hi = a[1] === null ? maxHi : Math.min(a[1], maxHi);
  return [a[0], hi];
}

export const ZERO: Interval = [0, 0];
