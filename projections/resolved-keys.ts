import { compareRanked, resolveRanked, type ResolvedValue } from '../src/domain/resolution.js';
import { QUANTITY_PROPERTIES, type FacilityAssignmentValue } from '../src/domain/values.js';
import { standingRow, type AsOf } from './as-of.js';
import type { ClaimRecord } from './ledger-state.js';
import { facilityKeysOf, groupKeyOf, publishedOfRow, rankedOf, viewLookups, withValue, type RankedClaim, type ViewLookups } from './view-lookups.js';
import { compareText } from '../src/domain/compare-text.js';

export { byGroupKey, facilityKey, facilityQuantityKey } from './key-names.js';

/**
 * The numbers and values a subject resolves to, by key, and the sources behind them. Most keys
 * are the claimed property; two properties split so that each number can be traced on its own:
 * - `detainees.byGroup` → `detainees.byGroup.<group>` (a quantity per group);
 * - `facility.assignment` → `facility.assignment[<canonical facility>]` and, where claims give
 *   one, `facility.assignment[<facility>].quantity`.
 */
export class ResolvedKeys extends Map<string, ResolvedValue> {
  /**
   * @param sources every source behind a standing claim of any key (each resolved value's and
   *   its alternatives'), sorted. Gathered as the claims are ranked, while they are in cache:
   *   a second pass over every alternative afterwards (~455k behind the 3,000 transfers at a
   *   million events) took ~0.17 s, and the transfers view is ~0.13 s faster without it (by hand).
   */
  constructor(readonly sources: readonly string[]) {
    super();
  }
}

/**
 * `lookups` may be shared by every subject of one view (see `ViewLookups`); without it the
 * look-ups are shared within this subject only. With `properties`, only the claims of those
 * properties are resolved: the keys they resolve to come out as in the whole subject's
 * resolution, since every claim of a key is of the key's property or the one it was split
 * from (see `propertiesBehind`), and the other keys are absent.
 */
export function resolveSubject(
  view: AsOf,
  subjects: readonly string[],
  lookups: ViewLookups = viewLookups(view),
  properties?: ReadonlySet<string>,
): ResolvedKeys {
  const { claims } = view.state;
  const standing: RankedClaim[] = [];
  for (const subject of subjects) {
    for (const [property, roots] of view.state.chainRoots.get(subject) ?? []) {
      if (properties !== undefined && !properties.has(property)) continue;
      for (const root of roots) {
        const link = standingRow(view, claims.find(root)!);
        if (link >= 0) standing.push(rankedOf(lookups, link));
      }
    }
  }
  return resolveStanding(lookups, standing);
}

/**
 * `resolveSubject` of every group (canonical subject → the subjects folded into it), by one
 * walk of the claims in log order rather than a look-up per chain in a map of every claim:
 * the walk reads memory in order.
 */
export function resolveGroups(
  view: AsOf,
  groups: Iterable<readonly [string, readonly string[]]>,
  lookups: ViewLookups = viewLookups(view),
): Map<string, ResolvedKeys> {
  const { claims } = view.state;
  const standingByGroup = new Map<string, Standing>();
  // By the number the claim table keeps each subject as.
  const standingOfSubject: (Standing | undefined)[] = [];
  for (const [canonical, recorded] of groups) {
    const standing: Standing = { claims: [], published: [] };
    standingByGroup.set(canonical, standing);
    for (const subject of recorded) {
      const number = claims.subjectNumber(subject);
      if (number !== undefined) standingOfSubject[number] = standing;
    }
  }
  for (let row = 0; row < claims.size; row += 1) {
    // Chains are reached from their first claim, which is filed under the chain's subject.
    if (!claims.isRoot(row)) continue;
    const standing = standingOfSubject[claims.subjectNumberOf(row)];
    if (standing === undefined) continue;
    const link = standingRow(view, row);
    if (link < 0) continue;
    standing.claims.push(link);
    // Found as the walk meets the link: claims near each other in the log cite the same few
    // recent reports, so the look-up stays in cache, where a group at a time reached across
    // every report (resolving every transfer at 1M events 1.68 -> 1.38 s, best of five).
    standing.published.push(publishedOfRow(lookups, link));
  }
  const resolved = new Map<string, ResolvedKeys>();
  for (const [canonical, standing] of standingByGroup) {
    // Ranked a group at a time, and let go as soon as it is resolved: at a million claims,
    // holding every group's ranked candidates at once adds ~50 MB to the peak.
    const { claims, published } = standing;
    resolved.set(canonical, resolveStanding(lookups, claims.map((claim, i) => rankedOf(lookups, claim, published[i]))));
    claims.length = 0;
    published.length = 0;
  }
  return resolved;
}

/** A group's standing links (rows of the claim table), and the published time of each one's report. */
interface Standing {
  claims: number[];
  published: number[];
}

interface KeyedCandidates {
  quantity: boolean;
  candidates: RankedClaim[];
}

/**
 * The standing claims of one subject, resolved per key. A key's ranking is a strict order
 * (no two claims share a position), so the order the claims come in does not matter.
 */
function resolveStanding(lookups: ViewLookups, standing: readonly RankedClaim[]): ResolvedKeys {
  const { claims } = lookups.view.state;
  const keyed = new Map<string, KeyedCandidates>();
  const sources = new Set<string>();
  const collect: KeyVisitor<RankedClaim> = (candidate, key, quantity, value) => {
    let entry = keyed.get(key);
    if (!entry) keyed.set(key, (entry = { quantity, candidates: [] }));
    entry.candidates.push(value === candidate.value ? candidate : withValue(candidate, value));
    // Every candidate of a key is its resolved value or one of its alternatives.
    sources.add(claims.sourceOf(candidate.facts));
  };
  for (const candidate of standing) forEachKey(lookups, claims.propertyOf(candidate.facts), candidate.value, candidate, collect);
  const resolved = new ResolvedKeys([...sources].sort());
  for (const [key, { quantity, candidates }] of [...keyed].sort(([a], [b]) => compareText(a, b))) {
    if (candidates.length > 1) candidates.sort(compareRanked);
    const value = resolveRanked(candidates, quantity, claims);
    if (value) resolved.set(key, value);
  }
  return resolved;
}

/** The keys a claim's value speaks to: [key, is a quantity, the value under that key]. */
export function keysOfClaim(view: AsOf, claim: ClaimRecord): [string, boolean, unknown][] {
  const keys: [string, boolean, unknown][] = [];
  const { property, value } = claim.event;
  forEachKey(viewLookups(view), property, value, undefined, (_, key, quantity, keyValue) => keys.push([key, quantity, keyValue]));
  return keys;
}

/** Gets the item a key is for as an argument, so that one visitor serves every claim. */
type KeyVisitor<Item> = (item: Item, key: string, quantity: boolean, value: unknown) => void;

/** Calls `visit` for each key of `keysOfClaim`, in that order, without building the list. */
function forEachKey<Item>(lookups: ViewLookups, property: string, value: unknown, item: Item, visit: KeyVisitor<Item>): void {
  if (property === 'detainees.byGroup' && isRecord(value)) {
    for (const group of Object.keys(value)) visit(item, groupKeyOf(lookups, group), true, value[group]);
  } else if (property === 'facility.assignment' && isRecord(value)) {
    const assignment = value as FacilityAssignmentValue;
    const keys = facilityKeysOf(lookups, assignment.facility);
    visit(item, keys.assignment, false, keys.assigned);
    if (assignment.quantity) visit(item, keys.quantity, true, assignment.quantity);
  } else {
    visit(item, property, QUANTITY_PROPERTIES.has(property), value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
