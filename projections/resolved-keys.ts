import type { Candidate, ResolvedValue } from '../src/domain/resolution.js';
import { resolve } from '../src/domain/resolution.js';
import { QUANTITY_PROPERTIES, type FacilityAssignmentValue } from '../src/domain/values.js';
import { canonicalOf, standingClaims, type AsOf } from './as-of.js';
import type { ClaimRecord } from './ledger-state.js';
import { compareText } from '../src/domain/compare-text.js';

/**
 * The numbers and values a subject resolves to, by key. Most keys are the claimed property;
 * two properties split so that each number can be traced on its own:
 * - `detainees.byGroup` → `detainees.byGroup.<group>` (a quantity per group);
 * - `facility.assignment` → `facility.assignment[<canonical facility>]` and, where claims give
 *   one, `facility.assignment[<facility>].quantity`.
 */
export type ResolvedKeys = Map<string, ResolvedValue>;

export const byGroupKey = (group: string): string => `detainees.byGroup.${group}`;
export const facilityKey = (facility: string): string => `facility.assignment[${facility}]`;
export const facilityQuantityKey = (facility: string): string => `${facilityKey(facility)}.quantity`;

interface KeyedCandidates {
  quantity: boolean;
  candidates: Candidate[];
}

export function resolveSubject(view: AsOf, subjects: readonly string[]): ResolvedKeys {
  const keyed = new Map<string, KeyedCandidates>();
  for (const claim of standingClaims(view, subjects)) {
    for (const [key, quantity, value] of keysOfClaim(view, claim)) {
      let entry = keyed.get(key);
      if (!entry) keyed.set(key, (entry = { quantity, candidates: [] }));
      entry.candidates.push(candidateOf(view, claim, value));
    }
  }
  const resolved: ResolvedKeys = new Map();
  for (const [key, { quantity, candidates }] of [...keyed].sort(([a], [b]) => compareText(a, b))) {
    const value = resolve(candidates, quantity);
    if (value) resolved.set(key, value);
  }
  return resolved;
}

/** The keys a claim's value speaks to: [key, is a quantity, the value under that key]. */
export function keysOfClaim(view: AsOf, claim: ClaimRecord): [string, boolean, unknown][] {
  const { property, value } = claim.event;
  if (property === 'detainees.byGroup' && isRecord(value)) {
    return Object.entries(value).map(([group, quantity]) => [byGroupKey(group), true, quantity]);
  }
  if (property === 'facility.assignment' && isRecord(value)) {
    const assignment = value as FacilityAssignmentValue;
    const facility = canonicalOf(view, assignment.facility);
    const keys: [string, boolean, unknown][] = [[facilityKey(facility), false, { facility }]];
    if (assignment.quantity) keys.push([facilityQuantityKey(facility), true, assignment.quantity]);
    return keys;
  }
  return [[property, QUANTITY_PROPERTIES.has(property), value]];
}

function candidateOf(view: AsOf, claim: ClaimRecord, value: unknown): Candidate {
  const { event } = claim;
  return {
    claimId: event.claimId,
    value,
    sourceId: event.sourceId,
    reportId: event.reportId,
    hedge: event.hedge,
    quote: event.quote,
    validTime: event.validTime,
    position: claim.position,
    reliability: view.state.sources.get(event.sourceId)?.event.reliability ?? 'F',
    publishedAt: view.state.reports.get(event.reportId)?.event.publishedAt ?? null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
