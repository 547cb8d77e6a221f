import type {
  ClaimAmended,
  ClaimAsserted,
  ClaimRetracted,
  ReportRecorded,
  SourceRegistered,
  SubjectAliased,
} from '../../src/domain/events.js';

/**
 * Builders for recorded events, with the same defaults as the command builders in
 * ./commands.ts, so `given` histories and expected `then` events read alike.
 */
export const sourceRegistered = (sourceId: string, extra: Partial<SourceRegistered> = {}): SourceRegistered => ({
  type: 'SourceRegistered',
  sourceId,
  name: `Source ${sourceId}`,
  kind: 'other',
  reliability: 'F',
  ...extra,
});

export const reportRecorded = (reportId: string, extra: Partial<ReportRecorded> = {}): ReportRecorded => ({
  type: 'ReportRecorded',
  reportId,
  outlet: `Outlet of ${reportId}`,
  publishedAt: null,
  ...extra,
});

export const claimAsserted = (
  claimId: string,
  subject: string,
  property: string,
  value: unknown,
  extra: Partial<ClaimAsserted> = {},
): ClaimAsserted => ({
  type: 'ClaimAsserted',
  claimId,
  subject,
  property,
  value,
  reportId: 'r1',
  sourceId: 's1',
  hedge: 'stated',
  ...extra,
});

/** `target` is the amended claim's subject and property, which the event repeats. */
export const claimAmended = (
  claimId: string,
  amends: string,
  target: { subject: string; property: string },
  value: unknown,
  extra: Partial<ClaimAmended> = {},
): ClaimAmended => ({
  type: 'ClaimAmended',
  claimId,
  amends,
  subject: target.subject,
  property: target.property,
  value,
  reportId: 'r1',
  sourceId: 's1',
  hedge: 'stated',
  ...extra,
});

export const claimRetracted = (
  retractionId: string,
  claimId: string,
  target: { subject: string; property: string },
  extra: Partial<ClaimRetracted> = {},
): ClaimRetracted => ({
  type: 'ClaimRetracted',
  retractionId,
  claimId,
  subject: target.subject,
  property: target.property,
  reportId: 'r1',
  sourceId: 's1',
  ...extra,
});

export const subjectAliased = (alias: string, canonical: string): SubjectAliased => ({
  type: 'SubjectAliased',
  alias,
  canonical,
});
