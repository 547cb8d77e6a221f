import { describe, expect, it } from 'vitest';
import { given } from '../support/decider-spec.js';
import { assertClaim, exact, retractClaim } from '../support/commands.js';
import { claimAmended, claimAsserted, claimRetracted, reportRecorded, sourceRegistered } from '../support/events.js';

const T1 = 'transfer:t1';
const count = { subject: T1, property: 'detainees.count' };
const attribution = [sourceRegistered('s1'), reportRecorded('r1')];

describe('decide AssertClaim', () => {
  it('records the claim on the stream of its subject', () => {
    const decision = given(...attribution)
      .when(assertClaim('c1', T1, 'detainees.count', exact(150), { hedge: 'confirmed', quote: 'received 150' }))
      .then([claimAsserted('c1', T1, 'detainees.count', exact(150), { hedge: 'confirmed', quote: 'received 150' })]);
    expect(decision).toMatchObject({ stream: 'subject-transfer:t1', expectedRevision: 'no_stream' });
  });

  it('expects the revision of the subject stream it read', () => {
    const decision = given(...attribution, claimAsserted('c1', T1, 'status', 'completed'))
      .when(assertClaim('c2', T1, 'detainees.count', exact(150)))
      .then([claimAsserted('c2', T1, 'detainees.count', exact(150))]);
    expect(decision.expectedRevision).toBe(0n);
  });

  it('refuses an unknown source (UNKNOWN_SOURCE on sourceId)', () => {
    given(reportRecorded('r1'))
      .when(assertClaim('c1', T1, 'status', 'completed'))
      .thenThrows('UNKNOWN_SOURCE', 'sourceId');
  });

  it('refuses an unknown report (UNKNOWN_REPORT on reportId)', () => {
    given(sourceRegistered('s1'))
      .when(assertClaim('c1', T1, 'status', 'completed'))
      .thenThrows('UNKNOWN_REPORT', 'reportId');
  });

  it('is a no-op when the identical claim is sent again', () => {
    given(...attribution, claimAsserted('c1', T1, 'detainees.count', exact(150)))
      .when(assertClaim('c1', T1, 'detainees.count', exact(150)))
      .thenNothing();
  });

  it('refuses the same claim id with a different value (ID_CONFLICT on claimId)', () => {
    given(...attribution, claimAsserted('c1', T1, 'detainees.count', exact(150)))
      .when(assertClaim('c1', T1, 'detainees.count', exact(151)))
      .thenThrows('ID_CONFLICT', 'claimId');
  });

  it('refuses an assertion reusing the id of an amendment', () => {
    given(
      ...attribution,
      claimAsserted('c1', T1, 'detainees.count', exact(150)),
      claimAmended('c2', 'c1', count, exact(152)),
    )
      .when(assertClaim('c2', T1, 'detainees.count', exact(152)))
      .thenThrows('ID_CONFLICT', 'claimId');
  });
});

describe('decide RetractClaim', () => {
  const claimed = [...attribution, sourceRegistered('outlet'), claimAsserted('c1', T1, 'detainees.count', exact(150))];

  it('appends the retraction to the stream of the retracted claim, carrying its subject and property', () => {
    const decision = given(...claimed)
      .when(retractClaim('x1', 'c1', { sourceId: 'outlet', reason: 'misread', reasonCode: 'incorrect' }))
      .then([claimRetracted('x1', 'c1', count, { sourceId: 'outlet', reason: 'misread', reasonCode: 'incorrect' })]);
    expect(decision).toMatchObject({ stream: 'subject-transfer:t1', expectedRevision: 0n });
  });

  it('refuses to retract an unknown claim (UNKNOWN_CLAIM on claimId)', () => {
    given(...attribution).when(retractClaim('x1', 'nope')).thenThrows('UNKNOWN_CLAIM', 'claimId');
  });

  it('refuses a retraction by an unknown source', () => {
    given(...claimed).when(retractClaim('x1', 'c1', { sourceId: 'ghost' })).thenThrows('UNKNOWN_SOURCE', 'sourceId');
  });

  it('refuses to retract a claim twice, naming the first retraction', () => {
    const error = given(...claimed, claimRetracted('x1', 'c1', count))
      .when(retractClaim('x2', 'c1'))
      .thenThrows('CLAIM_ALREADY_RETRACTED', 'claimId');
    expect(error.message).toContain('"x1"');
  });

  it('is a no-op when the identical retraction is sent again', () => {
    given(...claimed, claimRetracted('x1', 'c1', count)).when(retractClaim('x1', 'c1')).thenNothing();
  });

  it('refuses the same retraction id with a different body (ID_CONFLICT on retractionId)', () => {
    given(...claimed, claimRetracted('x1', 'c1', count))
      .when(retractClaim('x1', 'c1', { reason: 'another reason' }))
      .thenThrows('ID_CONFLICT', 'retractionId');
  });

  it('may retract an amendment', () => {
    given(...claimed, claimAmended('c2', 'c1', count, exact(152)))
      .when(retractClaim('x1', 'c2'))
      .then([claimRetracted('x1', 'c2', count)]);
  });
});
