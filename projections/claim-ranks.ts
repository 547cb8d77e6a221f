import { hedgeRank, publishedTime, reliabilityRank, type RankedCandidate } from '../src/domain/resolution.js';
import { canonicalOf, type AsOf } from './as-of.js';
import type { ClaimRecord } from './ledger-state.js';

/**
 * Look-ups shared by every subject one view resolves: a report's published time is parsed once
 * and a facility's canonical subject found once, not once per claim. It lives for one call of
 * one view, so nothing in it can go stale (the fold mutates the state between calls).
 */
export interface ClaimRanks {
  view: AsOf;
  published: Map<string, number>;
  reliability: Map<string, number>;
  /** Canonical facility (as of the view) by the facility a claim names. */
  facilities: Map<string, string>;
}

export function claimRanks(view: AsOf): ClaimRanks {
  return { view, published: new Map(), reliability: new Map(), facilities: new Map() };
}

/** The claim as a candidate, with the numbers it ranks by; `value` for a key split from its value. */
export function rankedOf(ranks: ClaimRanks, claim: ClaimRecord, value: unknown = claim.event.value): RankedCandidate {
  const { event } = claim;
  return {
    facts: event,
    value,
    hedge: hedgeRank(event.hedge),
    reliability: reliabilityOf(ranks, event.sourceId),
    published: publishedOf(ranks, event.reportId),
    position: claim.position,
  };
}

/** An unknown source ranks as 'F', like one registered without a reliability. */
function reliabilityOf(ranks: ClaimRanks, sourceId: string): number {
  let rank = ranks.reliability.get(sourceId);
  if (rank === undefined) {
    rank = reliabilityRank(ranks.view.state.sources.get(sourceId)?.event.reliability ?? 'F');
    ranks.reliability.set(sourceId, rank);
  }
  return rank;
}

/** An unknown report, or one with no published time, ranks as oldest. */
function publishedOf(ranks: ClaimRanks, reportId: string): number {
  let time = ranks.published.get(reportId);
  if (time === undefined) {
    time = publishedTime(ranks.view.state.reports.get(reportId)?.event.publishedAt ?? null);
    ranks.published.set(reportId, time);
  }
  return time;
}

export function canonicalFacility(ranks: ClaimRanks, facility: string): string {
  let canonical = ranks.facilities.get(facility);
  if (canonical === undefined) {
    canonical = canonicalOf(ranks.view, facility);
    ranks.facilities.set(facility, canonical);
  }
  return canonical;
}
