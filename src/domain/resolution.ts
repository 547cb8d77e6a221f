import type { Hedge, Reliability, ValidTime } from './commands.js';
import { HEDGE_ORDER, RELIABILITY_ORDER } from './commands.js';
import { intervalOf, type Interval, type Quantity } from './quantity.js';
import { canonicalJson } from './same-json.js';

/** A standing claim competing for the current value of one (subject, property). */
export interface Candidate {
  claimId: string;
  value: unknown;
  sourceId: string;
  reportId: string;
  hedge: Hedge;
  quote?: string | undefined;
  validTime?: ValidTime | undefined;
  position: bigint;
  reliability: Reliability;
  /** ISO time the report came out; null when unknown (ranks as oldest). */
  publishedAt: string | null;
}

export interface Alternative {
  value: unknown;
  interval?: Interval;
  claimId: string;
  sourceId: string;
  reportId: string;
  hedge: Hedge;
  quote?: string;
}

/** One shape for a resolved value everywhere: HTTP, --json and the dashboard. */
export interface ResolvedValue {
  value: unknown;
  /** Quantities only; `[lo, null]` is unbounded above. */
  interval?: Interval;
  claimId: string;
  sourceId: string;
  hedge: Hedge;
  reportId: string;
  quote?: string;
  validTime?: ValidTime;
  conflict: boolean;
  alternatives: Alternative[];
}

/**
 * The default policy: rank standing claims by hedge, then source reliability, then published
 * time (newest first, unknown oldest), then position (newest first). The top claim is the
 * current value; the rest are alternatives. Quantities conflict when two intervals do not
 * intersect; other values when two differ.
 */
export function resolve(candidates: readonly Candidate[], quantity: boolean): ResolvedValue | null {
  const ranked = rankAll(candidates);
  const top = ranked[0];
  if (!top) return null;
  const intervals = quantity ? ranked.map((c) => intervalOf(c.value as Quantity)) : [];
  return {
    value: top.value,
    ...(quantity ? { interval: intervals[0]! } : {}),
    claimId: top.claimId,
    sourceId: top.sourceId,
    hedge: top.hedge,
    reportId: top.reportId,
    ...(top.quote === undefined ? {} : { quote: top.quote }),
    ...(top.validTime === undefined ? {} : { validTime: top.validTime }),
    conflict: quantity ? anyDisjoint(intervals) : anyDifferent(ranked.map((c) => c.value)),
    alternatives: ranked.slice(1).map((c, i) => ({
      value: c.value,
      ...(quantity ? { interval: intervals[i + 1]! } : {}),
      claimId: c.claimId,
      sourceId: c.sourceId,
      reportId: c.reportId,
      hedge: c.hedge,
      ...(c.quote === undefined ? {} : { quote: c.quote }),
    })),
  };
}

export function byRank(a: Candidate, b: Candidate): number {
  return (
    HEDGE_ORDER.indexOf(a.hedge) - HEDGE_ORDER.indexOf(b.hedge) ||
    RELIABILITY_ORDER.indexOf(a.reliability) - RELIABILITY_ORDER.indexOf(b.reliability) ||
    comparePublishedNewestFirst(a.publishedAt, b.publishedAt) ||
    (a.position === b.position ? 0 : a.position > b.position ? -1 : 1)
  );
}

function comparePublishedNewestFirst(a: string | null, b: string | null): number {
  return compareTimesNewestFirst(publishedTime(a), publishedTime(b));
}

const publishedTime = (published: string | null): number => (published === null ? -Infinity : Date.parse(published));

function compareTimesNewestFirst(ta: number, tb: number): number {
  return ta === tb ? 0 : ta > tb ? -1 : 1;
}

/**
 * Sorts by `byRank`, with each candidate's hedge, reliability and published time worked out
 * once rather than at every comparison (a busy key has thousands of candidates).
 */
function rankAll(candidates: readonly Candidate[]): Candidate[] {
  if (candidates.length < 2) return [...candidates];
  const keyed = candidates.map((candidate) => ({
    candidate,
    hedge: HEDGE_ORDER.indexOf(candidate.hedge),
    reliability: RELIABILITY_ORDER.indexOf(candidate.reliability),
    published: publishedTime(candidate.publishedAt),
  }));
  keyed.sort(
    (a, b) =>
      a.hedge - b.hedge ||
      a.reliability - b.reliability ||
      compareTimesNewestFirst(a.published, b.published) ||
      (a.candidate.position === b.candidate.position ? 0 : a.candidate.position > b.candidate.position ? -1 : 1),
  );
  return keyed.map((k) => k.candidate);
}

/**
 * Some pair is disjoint exactly when the lowest upper bound lies below the highest lower bound.
 * A loop, not Math.max(...): spreading tens of thousands of arguments overflows the stack.
 */
function anyDisjoint(intervals: readonly Interval[]): boolean {
  let highestLo = -Infinity;
  let lowestHi = Infinity;
  for (const [lo, hi] of intervals) {
    if (lo > highestLo) highestLo = lo;
    if (hi !== null && hi < lowestHi) lowestHi = hi;
  }
  return lowestHi < highestLo;
}

/**
 * Equal primitives are the same JSON; only objects need the canonical comparison, and the
 * first value's canonical text is worked out once, not once per other value.
 */
function anyDifferent(values: readonly unknown[]): boolean {
  const first = values[0];
  let firstText: string | undefined;
  return values.some((v) => {
    if (v === first) return false;
    if (typeof v !== 'object' && typeof first !== 'object') return true;
    firstText ??= canonicalJson(first);
    return canonicalJson(v) !== firstText;
  });
}
