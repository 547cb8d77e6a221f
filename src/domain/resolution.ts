import type { Hedge, Reliability, ValidTime } from './commands.js';
import { HEDGE_ORDER, RELIABILITY_ORDER } from './commands.js';
import { Alternatives } from './alternatives.js';
import { PLAIN_FACTS, type FactsReader } from './facts-reader.js';
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
  alternatives: Alternatives;
}

/** What a resolved value quotes from the claim behind it. A claim event has every field. */
export type ClaimFacts = Pick<Candidate, 'claimId' | 'sourceId' | 'reportId' | 'hedge' | 'quote' | 'validTime'>;

/**
 * A candidate with its rank worked out as numbers, once: sorting then compares no strings,
 * looks nothing up and parses no dates (a busy key has thousands of candidates).
 */
export interface RankedCandidate<Facts = ClaimFacts> {
  facts: Facts;
  value: unknown;
  /** Index in HEDGE_ORDER. */
  hedge: number;
  /** Index in RELIABILITY_ORDER. */
  reliability: number;
  /** Epoch milliseconds the report came out; -Infinity when unknown. */
  published: number;
  position: bigint;
}

/**
 * The default policy: rank standing claims by hedge, then source reliability, then published
 * time (newest first, unknown oldest), then position (newest first). The top claim is the
 * current value; the rest are alternatives. Quantities conflict when two intervals do not
 * intersect; other values when two differ.
 */
export function resolve(candidates: readonly Candidate[], quantity: boolean): ResolvedValue | null {
  return resolveRanked(rankAll(candidates), quantity, PLAIN_FACTS);
}

/** The policy's order on ranks worked out beforehand: the order to sort `RankedCandidate`s in. */
export function compareRanked(a: RankedCandidate<unknown>, b: RankedCandidate<unknown>): number {
  return (
    a.hedge - b.hedge ||
    a.reliability - b.reliability ||
    compareTimesNewestFirst(a.published, b.published) ||
    (a.position === b.position ? 0 : a.position > b.position ? -1 : 1)
  );
}

export const hedgeRank = (hedge: Hedge): number => HEDGE_ORDER.indexOf(hedge);
export const reliabilityRank = (reliability: Reliability): number => RELIABILITY_ORDER.indexOf(reliability);

export const publishedTime = (published: string | null): number => (published === null ? -Infinity : Date.parse(published));

function compareTimesNewestFirst(ta: number, tb: number): number {
  return ta === tb ? 0 : ta > tb ? -1 : 1;
}

/** A candidate with its rank worked out as numbers. */
export function rankedCandidate(candidate: Candidate): RankedCandidate {
  return {
    facts: candidate,
    value: candidate.value,
    hedge: hedgeRank(candidate.hedge),
    reliability: reliabilityRank(candidate.reliability),
    published: publishedTime(candidate.publishedAt),
    position: candidate.position,
  };
}

function rankAll(candidates: readonly Candidate[]): RankedCandidate[] {
  const ranked = candidates.map(rankedCandidate);
  return ranked.length < 2 ? ranked : ranked.sort(compareRanked);
}

/**
 * The resolved value of candidates already sorted by `compareRanked`, best first. Objects are
 * built field by field in one fixed order (it is the order their JSON shows), without spreads.
 */
export function resolveRanked<Facts>(ranked: readonly RankedCandidate<Facts>[], quantity: boolean, reader: FactsReader<Facts>): ResolvedValue | null {
  const top = ranked[0];
  if (!top) return null;
  const facts = reader.factsOf(top.facts);
  // Filled in below in the order of the interface; the cast covers the fields still to come.
  const resolved = { value: top.value } as ResolvedValue;
  if (quantity) resolved.interval = intervalOf(top.value as Quantity);
  resolved.claimId = facts.claimId;
  resolved.sourceId = facts.sourceId;
  resolved.hedge = facts.hedge;
  resolved.reportId = facts.reportId;
  if (facts.quote !== undefined) resolved.quote = facts.quote;
  if (facts.validTime !== undefined) resolved.validTime = facts.validTime;
  resolved.conflict = quantity ? anyDisjoint(ranked) : anyDifferent(ranked);
  resolved.alternatives = ranked.length === 1 ? Alternatives.NONE : alternativesOf(ranked, quantity, reader);
  return resolved;
}

function alternativesOf<Facts>(ranked: readonly RankedCandidate<Facts>[], quantity: boolean, reader: FactsReader<Facts>): Alternatives {
  const facts = new Array<Facts>(ranked.length - 1);
  const values = new Array<unknown>(ranked.length - 1);
  for (let i = 1; i < ranked.length; i += 1) {
    facts[i - 1] = ranked[i]!.facts;
    values[i - 1] = ranked[i]!.value;
  }
  return Alternatives.of(facts, values, quantity, reader);
}

/**
 * Some pair is disjoint exactly when the lowest upper bound lies below the highest lower bound.
 * A loop, not Math.max(...): spreading tens of thousands of arguments overflows the stack.
 */
function anyDisjoint(ranked: readonly RankedCandidate<unknown>[]): boolean {
  let highestLo = -Infinity;
  let lowestHi = Infinity;
  for (const { value } of ranked) {
    const [lo, hi] = intervalOf(value as Quantity);
    if (lo > highestLo) highestLo = lo;
    if (hi !== null && hi < lowestHi) lowestHi = hi;
  }
  return lowestHi < highestLo;
}

/**
 * Equal primitives are the same JSON; only objects need the canonical comparison, and the
 * first value's canonical text is worked out once, not once per other value.
 */
function anyDifferent(ranked: readonly RankedCandidate<unknown>[]): boolean {
  const first = ranked[0]!.value;
  let firstText: string | undefined;
  for (let i = 1; i < ranked.length; i += 1) {
    const v = ranked[i]!.value;
    if (v === first) continue;
    if (typeof v !== 'object' && typeof first !== 'object') return true;
    firstText ??= canonicalJson(first);
    if (canonicalJson(v) !== firstText) return true;
  }
  return false;
}
