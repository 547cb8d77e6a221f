import type { ClaimRecord, LedgerState } from '../../projections/ledger-state.js';

/**
 * Entries of the live state taken back to how they stood once the event at `seen` was
 * folded, while the fold goes on mutating the same objects. Every record keeps the position
 * it was folded at, so whatever was folded later is left out (undefined); and what later
 * events changed in a record that was there — an amendment, a retraction, its version — is
 * taken back. Only the stream revisions cannot be taken back (see serializePieces).
 */

/** Sources, reports, retractions and aliases are recorded once and never change. */
export function recordAsOf<R extends { position: bigint }>(record: R, seen: bigint): R | undefined {
  return record.position <= seen ? record : undefined;
}

/** The claim as it stood: only the amendments and the retraction recorded by then. */
export function claimAsOf(state: LedgerState, claim: ClaimRecord, seen: bigint): ClaimRecord | undefined {
  if (claim.position > seen) return undefined;
  // The version is the position of the last event that changed the claim.
  if (claim.version <= seen) return claim;
  const amendedBy = logPrefix(state, claim.amendedBy, seen);
  const retraction = claim.retraction && claim.retraction.position <= seen ? claim.retraction : undefined;
  let version = claim.position;
  const lastAmendment = amendedBy[amendedBy.length - 1];
  if (lastAmendment !== undefined) version = state.claims.get(lastAmendment)!.position;
  if (retraction && retraction.position > version) version = retraction.position;
  // Spelled out in the fold's field order, so the copy keeps the records' one shape.
  const { event, position, recordedAt, actor, root } = claim;
  return { event, position, recordedAt, actor, root, retraction, amendedBy, version };
}

/** A subject's chain roots by property, each list cut back to the roots recorded by then. */
export function rootsAsOf(state: LedgerState, byProperty: Map<string, string[]>, seen: bigint): Map<string, string[]> | undefined {
  const kept = new Map<string, string[]>();
  for (const [property, roots] of byProperty) {
    const recorded = logPrefix(state, roots, seen);
    if (recorded.length > 0) kept.set(property, recorded);
  }
  return kept.size > 0 ? kept : undefined;
}

/** An amended chain's members recorded by then; a chain of its root alone has no entry. */
export function chainAsOf(state: LedgerState, members: string[], seen: bigint): string[] | undefined {
  const recorded = logPrefix(state, members, seen);
  return recorded.length >= 2 ? recorded : undefined;
}

/**
 * The claims of a list kept in log order that were recorded by `seen`: a prefix of it. The
 * list itself when all were, which is nearly always.
 */
function logPrefix(state: LedgerState, claimIds: string[], seen: bigint): string[] {
  let end = claimIds.length;
  while (end > 0 && state.claims.get(claimIds[end - 1]!)!.position > seen) end -= 1;
  return end === claimIds.length ? claimIds : claimIds.slice(0, end);
}
