import { describe, expect, it } from 'vitest';
import { given } from '../support/decider-spec.js';
import { amendClaim, exact, range } from '../support/commands.js';
import { claimAmended, claimAsserted, claimRetracted, reportRecorded, sourceRegistered } from '../support/events.js';

const T1 = 'transfer:t1';
const count = { subject: T1, property: 'detainees.count' };
const claimed = [sourceRegistered('s1'), reportRecorded('r1'), reportRecorded('r2'), claimAsserted('c1', T1, 'detainees.count', exact(150))];

describe('decide AmendClaim', () => {
  it('appends to the stream of the amended claim, carrying its subject and property', () => {
    const decision = given(...claimed)
      .when(amendClaim('c2', 'c1', exact(152), { reportId: 'r2', hedge: 'confirmed', reason: 'revised figure' }))
      .then([claimAmended('c2', 'c1', count, exact(152), { reportId: 'r2', hedge: 'confirmed', reason: 'revised figure' })]);
    expect(decision).toMatchObject({ stream: 'subject-transfer:t1', expectedRevision: 0n });
  });

  it('refuses to amend an unknown claim (UNKNOWN_CLAIM on amends)', () => {
    given(...claimed).when(amendClaim('c2', 'nope', exact(1))).thenThrows('UNKNOWN_CLAIM', 'amends');
  });

  it('refuses an amendment citing an unknown report', () => {
    given(...claimed).when(amendClaim('c2', 'c1', exact(1), { reportId: 'r9' })).thenThrows('UNKNOWN_REPORT', 'reportId');
  });

  it('refuses to amend a retracted claim (CLAIM_RETRACTED), naming the retraction', () => {
    const error = given(...claimed, claimRetracted('x1', 'c1', count))
      .when(amendClaim('c2', 'c1', exact(152)))
      .thenThrows('CLAIM_RETRACTED', 'amends');
    expect(error.message).toContain('"x1"');
  });

  it('refuses to amend a claim already amended (CLAIM_ALREADY_AMENDED), naming the newer claim', () => {
    const error = given(...claimed, claimAmended('c2', 'c1', count, exact(152)))
      .when(amendClaim('c3', 'c1', exact(153)))
      .thenThrows('CLAIM_ALREADY_AMENDED', 'amends');
    expect(error.message).toContain('"c2"');
  });

  it('amends the newest link of a chain', () => {
    given(...claimed, claimAmended('c2', 'c1', count, exact(152)))
      .when(amendClaim('c3', 'c2', exact(153)))
      .then([claimAmended('c3', 'c2', count, exact(153))]);
  });

  it('allows amending again once the amendment was retracted', () => {
    given(...claimed, claimAmended('c2', 'c1', count, exact(152)), claimRetracted('x1', 'c2', count))
      .when(amendClaim('c3', 'c1', exact(153)))
      .then([claimAmended('c3', 'c1', count, exact(153))]);
  });

  it('refuses to amend an earlier link while a later link still stands', () => {
    // c1 → c2 → c3, then c2 retracted: c3 stands, so c1 is not the newest link.
    const error = given(
      ...claimed,
      claimAmended('c2', 'c1', count, exact(152)),
      claimAmended('c3', 'c2', count, exact(153)),
      claimRetracted('x1', 'c2', count),
    )
      .when(amendClaim('c4', 'c1', exact(154)))
      .thenThrows('CLAIM_ALREADY_AMENDED', 'amends');
    expect(error.message).toContain('"c3"');
  });

  it('checks the value against the amended claim\'s property (VALUE_INVALID with the field path)', () => {
    const error = given(...claimed)
      .when(amendClaim('c2', 'c1', range(200, 100)))
      .thenThrows('VALUE_INVALID', 'value.min');
    expect(error.message).toContain('detainees.count');
  });

  it('refuses a value of the wrong kind for the property', () => {
    given(...claimed).when(amendClaim('c2', 'c1', 'about 150')).thenThrows('VALUE_INVALID', 'value');
  });

  it('is a no-op when the identical amendment is sent again', () => {
    given(...claimed, claimAmended('c2', 'c1', count, exact(152)))
      .when(amendClaim('c2', 'c1', exact(152)))
      .thenNothing();
  });

  it('refuses the same amendment id with a different value (ID_CONFLICT)', () => {
    given(...claimed, claimAmended('c2', 'c1', count, exact(152)))
      .when(amendClaim('c2', 'c1', exact(153)))
      .thenThrows('ID_CONFLICT', 'claimId');
  });

  it('refuses an amendment whose id is an existing assertion', () => {
    given(...claimed, claimAsserted('c9', T1, 'status', 'completed'))
      .when(amendClaim('c9', 'c1', exact(152)))
      .thenThrows('ID_CONFLICT', 'claimId');
  });
});
