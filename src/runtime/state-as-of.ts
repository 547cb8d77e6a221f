import { isRetracted, isVisible, type AsOf } from '../../projections/as-of.js';
import type { ClaimRecord } from '../../projections/ledger-state.js';

/**
 * Entries of the live state taken back to how they stood at the view's position, while the
 * fold goes on mutating the same objects (the view's state). Every record keeps the position
 * it was folded at, so whatever was folded later is left out (undefined); and what later
 * events changed in a record that was there — an amendment, a retraction, its version — is
 * taken back. Only the stream revisions cannot be taken back (see serializePieces).
 */

/** Sources, reports, retractions and aliases are recorded once and never change. */
export function recordAsOf<R extends { position: bigint }>(view: AsOf, record: R): R | undefined {
  return isVisible(view, record) ? record : undefined;
}

/** The claim as it stood: only the amendments and the retraction recorded by then. */
export function claimAsOf(view: AsOf, claim: ClaimRecord): ClaimRecord | undefined {
  if (!isVisible(view, claim)) return undefined;
  // The version is the position of the last event that changed the claim.
  if (claim.version <= view.position) return claim;
  const amendedBy = logPrefix(view, claim.amendedBy);
  const retraction = isRetracted(view, claim) ? claim.retraction : undefined;
  let version = claim.position;
  const lastAmendment = amendedBy[amendedBy.length - 1];
  if (lastAmendment !== undefined) version = view.state.claims.positionOf(view.state.claims.find(lastAmendment)!);
  if (retraction && retraction.position > version) version = retraction.position;
  // Spelled out in the fold's field order, so the copy keeps the records' one shape.
  const { type, event, position, recordedAt, actor, root } = claim;
  return { type, event, position, recordedAt, actor, root, retraction, amendedBy, version };
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
