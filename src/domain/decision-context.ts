import type { ClaimAmended, ClaimAsserted, ClaimRetracted, DataOf, ReportRecorded, SourceRegistered } from './events.js';

/** What the deciders need to know about a recorded claim. */
export interface KnownClaim {
  event: DataOf<ClaimAsserted | ClaimAmended>;
  /** The retraction that withdrew it, if any. */
  retractedBy: string | undefined;
  /**
   * Ids of the claims that amend it and stand: a retracted amendment is replaced by what
   * stands after it down the chain. Non-empty means it is not the newest standing link.
   */
  standingAmendments: readonly string[];
  /** Position of the last event that changed it: its version, and the ETag of its reads. */
  version: bigint;
}

/**
 * The state commands are checked against. The runtime answers it from the projected log
 * (caught up before deciding); the append's expected revision guards against anything
 * recorded since.
 */
export interface DecisionContext {
  source(sourceId: string): DataOf<SourceRegistered> | undefined;
  report(reportId: string): DataOf<ReportRecorded> | undefined;
  claim(claimId: string): KnownClaim | undefined;
  retraction(retractionId: string): DataOf<ClaimRetracted> | undefined;
  /** The subject an alias points at directly, if it is one. */
  aliasOf(subject: string): string | undefined;
  /** Last revision of a stream, or null when it does not exist. */
  streamRevision(streamName: string): bigint | null;
}

export function claimEtag(claim: KnownClaim): string {
  return `"${claim.version}"`;
}
