import { standingLinkOf, type AsOf } from './as-of.js';
import type { ClaimRecord, LedgerState } from './ledger-state.js';
import { publishedOf, viewLookups, type ViewLookups } from './view-lookups.js';

/** The links that stand for one recorded subject, each with its report's published time. */
export interface StandingClaims {
  claims: ClaimRecord[];
  /** `publishedOf` each claim's report, index for index. */
  published: number[];
}

/**
 * What resolving many subjects at one position starts from: the standing link of every chain,
 * by the subject its first claim was recorded under, and the look-ups the published times
 * were found with (an answer built from these keeps them, see group-refresh.ts).
 */
export interface StandingWalk {
  lookups: ViewLookups;
  bySubject: Map<string, StandingClaims>;
}

/**
 * The last walk per state. Transfers and facilities both start from it at one position, and a
 * walk of a million claims costs ~0.4 s. As with the views' own answers, the event count moves
 * with every fold, so a hit is always current.
 */
const lastWalk = new WeakMap<LedgerState, { position: bigint; eventCount: number; walk: StandingWalk }>();

/**
 * One walk of the claims in log order rather than a look-up per chain in a map of every claim:
 * the walk reads memory in order. Each link's published time is found as the walk reaches it,
 * for the same reason: claims near each other in the log cite the same few recent reports, so
 * the look-up stays in cache, where a subject at a time would reach across every report.
 */
export function standingBySubject(view: AsOf): StandingWalk {
  const last = lastWalk.get(view.state);
  if (last && last.position === view.position && last.eventCount === view.state.eventCount) return last.walk;
  const walk = walked(view);
  lastWalk.set(view.state, { position: view.position, eventCount: view.state.eventCount, walk });
  return walk;
}

function walked(view: AsOf): StandingWalk {
  const lookups = viewLookups(view);
  const bySubject = new Map<string, StandingClaims>();
  for (const claim of view.state.claims.values()) {
    // Chains are reached from their first claim, which is filed under the chain's subject.
    if (claim.root !== claim.event.claimId) continue;
    const link = standingLinkOf(view, claim);
    if (!link) continue;
    const subject = claim.event.subject;
    let standing = bySubject.get(subject);
    if (!standing) bySubject.set(subject, (standing = { claims: [], published: [] }));
    standing.claims.push(link);
    standing.published.push(publishedOf(lookups, link.event.reportId));
  }
  return { lookups, bySubject };
}
