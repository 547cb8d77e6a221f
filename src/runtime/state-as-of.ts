import { isVisible, type AsOf } from '../../projections/as-of.js';

/**
 * Entries of the live state taken back to how they stood at the view's position, while the
 * fold goes on mutating the same objects (the view's state). Every record keeps the position
 * it was folded at, so whatever was folded later is left out (undefined); and what later
 * events changed in a list that was there is taken back. Claims are taken back by their table
 * (ClaimTable.savedRows); only the stream revisions cannot be (see serializePieces).
 */

/** Sources, reports, retractions and aliases are recorded once and never change. */
export function recordAsOf<R extends { position: bigint }>(view: AsOf, record: R): R | undefined {
  return isVisible(view, record) ? record : undefined;
}

/** A subject's chain roots by property, each list cut back to the roots recorded by then. */
export function rootsAsOf(view: AsOf, byProperty: Map<string, string[]>): Map<string, string[]> | undefined {
  const kept = new Map<string, string[]>();
  for (const [property, roots] of byProperty) {
    const recorded = logPrefix(view, roots);
    if (recorded.length > 0) kept.set(property, recorded);
  }
  return kept.size > 0 ? kept : undefined;
}

/** An amended chain's members recorded by then; a chain of its root alone has no entry. */
export function chainAsOf(view: AsOf, members: string[]): string[] | undefined {
  const recorded = logPrefix(view, members);
  return recorded.length >= 2 ? recorded : undefined;
}

/**
 * The claims of a list kept in log order that were recorded by then: a prefix of it. The
 * list itself when all were, which is nearly always.
 */
function logPrefix(view: AsOf, claimIds: string[]): string[] {
  const { claims } = view.state;
  let end = claimIds.length;
  while (end > 0 && !claims.recordedWithin(claims.find(claimIds[end - 1]!)!, view.events)) end -= 1;
  return end === claimIds.length ? claimIds : claimIds.slice(0, end);
}
