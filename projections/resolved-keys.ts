import { compareRanked, resolveRanked, type RankedCandidate, type ResolvedValue } from '../src/domain/resolution.js';
import { QUANTITY_PROPERTIES, type FacilityAssignmentValue } from '../src/domain/values.js';
import { standingLink, type AsOf } from './as-of.js';
import { canonicalFacility, claimRanks, rankedOf, type ClaimRanks } from './claim-ranks.js';
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
  candidates: RankedCandidate[];
}

/**
 * `ranks` may be shared by every subject of one view (see `ClaimRanks`); without it the
 * look-ups are shared within this subject only.
 */
export function resolveSubject(view: AsOf, subjects: readonly string[], ranks: ClaimRanks = claimRanks(view)): ResolvedKeys {
  const keyed = new Map<string, KeyedCandidates>();
  const collect: KeyVisitor = (claim, key, quantity, value) => {
    let entry = keyed.get(key);
    if (!entry) keyed.set(key, (entry = { quantity, candidates: [] }));
    entry.candidates.push(rankedOf(ranks, claim, value));
  };
  for (const subject of subjects) {
    for (const roots of view.state.chainRoots.get(subject)?.values() ?? []) {
      for (const root of roots) {
        const claim = standingLink(view, root);
        if (claim) forEachKey(ranks, claim, collect);
      }
    }
  }
  const resolved: ResolvedKeys = new Map();
  for (const [key, { quantity, candidates }] of [...keyed].sort(([a], [b]) => compareText(a, b))) {
    if (candidates.length > 1) candidates.sort(compareRanked);
    const value = resolveRanked(candidates, quantity);
    if (value) resolved.set(key, value);
  }
  return resolved;
}

/** The keys a claim's value speaks to: [key, is a quantity, the value under that key]. */
export function keysOfClaim(view: AsOf, claim: ClaimRecord): [string, boolean, unknown][] {
  const keys: [string, boolean, unknown][] = [];
  forEachKey(claimRanks(view), claim, (_, key, quantity, value) => keys.push([key, quantity, value]));
  return keys;
}

/** Takes the claim as an argument, so that one visitor serves every claim of a subject. */
type KeyVisitor = (claim: ClaimRecord, key: string, quantity: boolean, value: unknown) => void;

/** Calls `visit` for each key of `keysOfClaim`, in that order, without building the list. */
function forEachKey(ranks: ClaimRanks, claim: ClaimRecord, visit: KeyVisitor): void {
  const { property, value } = claim.event;
  if (property === 'detainees.byGroup' && isRecord(value)) {
    for (const group of Object.keys(value)) visit(claim, byGroupKey(group), true, value[group]);
  } else if (property === 'facility.assignment' && isRecord(value)) {
    const assignment = value as FacilityAssignmentValue;
    const facility = canonicalFacility(ranks, assignment.facility);
    visit(claim, facilityKey(facility), false, { facility });
    if (assignment.quantity) visit(claim, facilityQuantityKey(facility), true, assignment.quantity);
  } else {
    visit(claim, property, QUANTITY_PROPERTIES.has(property), value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
