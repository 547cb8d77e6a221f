import { publishedTime, reliabilityRank, type RankedCandidate } from '../src/domain/resolution.js';
import { canonicalOf, type AsOf } from './as-of.js';
import { byGroupKey, facilityKey, facilityQuantityKey } from './key-names.js';

/** A claim ranked as a candidate; its facts are the claim's row in the state's claim table. */
export type RankedClaim = RankedCandidate<number>;

/** The keys a facility assignment splits into, named after the canonical facility. */
export interface FacilityKeys {
  canonical: string;
  assignment: string;
  quantity: string;
  /**
   * The value every claim has under `assignment`: one object for all of them, so that equal
   * values are the same value (no canonical JSON compared per claim) and not made per claim.
   */
  assigned: { readonly facility: string };
}

/**
 * Look-ups shared by every subject one view resolves, done once rather than once per claim:
 * a report's published time parsed, a facility's canonical subject found, a split key's name
 * built (a new string per claim is flattened and hashed at every map look-up). It lives for
 * one call of one view, so nothing in it can go stale (the fold mutates the state between calls).
 */
export interface ViewLookups {
  view: AsOf;
  /**
   * A report's published time and a source's rank, by the number the claim table keeps each
   * report and source as: read for every standing claim, without hashing a string. Each is
   * worked out once, from the state's record, the first time a claim citing it is met.
   */
  publishedByReport: number[];
  reliabilityBySource: number[];
  /** By the facility a claim names. */
  facilities: Map<string, FacilityKeys>;
  /** By group name. */
  groups: Map<string, string>;
}

export function viewLookups(view: AsOf): ViewLookups {
  return { view, publishedByReport: [], reliabilityBySource: [], facilities: new Map(), groups: new Map() };
}

/**
 * Look-ups for another view of the same state, in the same call, sharing what does not depend
 * on the view's position: a report's published time, a source's rank and a group's key are
 * read from the state as a whole. A facility's canonical subject follows the aliases recorded
 * by the position, so those start afresh. A history resolves its subject as of each of its
 * steps: with look-ups made anew for each, every step parsed every report's time again (a
 * quarter of a 1M log's history of one transfer, by profile).
 */
export function lookupsAt(shared: ViewLookups, view: AsOf): ViewLookups {
  if (view.state !== shared.view.state) throw new Error('look-ups are shared only between views of one state');
  const { publishedByReport, reliabilityBySource, groups } = shared;
  return { view, publishedByReport, reliabilityBySource, facilities: new Map(), groups };
}

/** The claim at a row as a candidate, with the numbers it ranks by. */
export function rankedOf(lookups: ViewLookups, row: number, published?: number): RankedClaim {
  const { claims } = lookups.view.state;
  return {
    facts: row,
    value: claims.valueOf(row),
    hedge: claims.hedgeRankOf(row),
    reliability: reliabilityOfRow(lookups, row),
    published: published ?? publishedOfRow(lookups, row),
    position: claims.positionOf(row),
  };
}

/** The same claim ranked as a candidate for a key split from its value. */
export function withValue(ranked: RankedClaim, value: unknown): RankedClaim {
  const { facts, hedge, reliability, published, position } = ranked;
  return { facts, value, hedge, reliability, published, position };
}

/** An unknown source ranks as 'F', like one registered without a reliability. */
function reliabilityOfRow(lookups: ViewLookups, row: number): number {
  const { claims, sources } = lookups.view.state;
  const source = claims.sourceNumberOf(row);
  let rank = lookups.reliabilityBySource[source];
  if (rank === undefined) {
    lookups.reliabilityBySource[source] = rank = reliabilityRank(sources.get(claims.sourceOf(row))?.event.reliability ?? 'F');
  }
  return rank;
}

/**
 * The published time of the report the claim at a row cites. An unknown report, or one with
 * no published time, ranks as oldest.
 */
export function publishedOfRow(lookups: ViewLookups, row: number): number {
  const { claims, reports } = lookups.view.state;
  const report = claims.reportNumberOf(row);
  let time = lookups.publishedByReport[report];
  if (time === undefined) {
    lookups.publishedByReport[report] = time = publishedTime(reports.get(claims.reportOf(row))?.event.publishedAt ?? null);
  }
  return time;
}

export function facilityKeysOf(lookups: ViewLookups, facility: string): FacilityKeys {
  let keys = lookups.facilities.get(facility);
  if (keys === undefined) {
    const canonical = canonicalOf(lookups.view, facility);
    keys = { canonical, assignment: facilityKey(canonical), quantity: facilityQuantityKey(canonical), assigned: Object.freeze({ facility: canonical }) };
    lookups.facilities.set(facility, keys);
  }
  return keys;
}

export function groupKeyOf(lookups: ViewLookups, group: string): string {
  let key = lookups.groups.get(group);
  if (key === undefined) {
    key = byGroupKey(group);
    lookups.groups.set(group, key);
  }
  return key;
}
