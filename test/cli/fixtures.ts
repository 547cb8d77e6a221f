/** Small interchange-format commands for the CLI tests. */
export const source = {
  type: 'RegisterSource',
  sourceId: 'gov-spokesperson',
  name: 'Bassem al-Awadi',
  kind: 'named-official',
  reliability: 'B',
};
export const report = { type: 'RecordReport', reportId: 'r1', outlet: 'Example Wire', retrievedAt: '2026-11-24T10:00:00Z' };
export const report2 = { type: 'RecordReport', reportId: 'r2', outlet: 'Example Wire', retrievedAt: '2026-11-25T09:00:00Z' };
export const claim = {
  type: 'AssertClaim',
  claimId: 'c1',
  reportId: 'r1',
  sourceId: 'gov-spokesperson',
  subject: 'transfer:syria-iraq-1',
  property: 'detainees.count',
  value: { kind: 'exact', n: 150 },
  hedge: 'confirmed',
  quote: 'Iraq received 150 ISIS members in the first transfer',
};
export const amendment = {
  type: 'AmendClaim',
  claimId: 'c2',
  amends: 'c1',
  reportId: 'r2',
  sourceId: 'gov-spokesperson',
  value: { kind: 'exact', n: 152 },
  hedge: 'confirmed',
  reason: 'revised figure',
};
export const retraction = {
  type: 'RetractClaim',
  retractionId: 'x1',
  claimId: 'c2',
  reportId: 'r2',
  sourceId: 'gov-spokesperson',
  reasonCode: 'incorrect',
};
