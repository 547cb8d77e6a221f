import { describe, expect, it } from 'vitest';
import { amendDraft, blankDraft, buildCommand, fieldOfPath, retractDraft, visibleFields, type Draft } from '../../dashboard/src/entry-model.js';
import type { ClaimBody } from '../../dashboard/src/types.js';

const awadi: ClaimBody = {
  etag: '"3"',
  claim: {
    type: 'ClaimAsserted', claimId: 't1.count.awadi', subject: 'transfer:syria-iraq-1', property: 'detainees.count',
    value: { kind: 'exact', n: 150 }, sourceId: 'gov-spokesperson', reportId: 'seed-article', hedge: 'confirmed',
  },
  position: 22,
  recordedAt: '2026-11-24T10:00:00.000Z',
  actor: 'analyst',
  source: null,
  report: null,
};

const claimDraft = (fields: Record<string, string>, quantity = false): Draft => ({
  ...blankDraft('claim'),
  fields: { claimId: 'c1', hedge: 'stated', sourceId: 's', reportId: 'r', ...fields },
  quantity,
});

describe('building a command from the form', () => {
  it('an amendment starts from the claim it amends, guarded by its ETag', () => {
    const draft = amendDraft(awadi);
    expect(draft).toMatchObject({ kind: 'amend', quantity: true, ifMatch: '"3"' });
    expect(draft.fields).toMatchObject({ amends: 't1.count.awadi', 'value.kind': 'exact', 'value.n': '150', sourceId: 'gov-spokesperson' });
    draft.fields['value.n'] = '152';
    const built = buildCommand(draft);
    expect(built).toEqual({
      command: {
        type: 'AmendClaim', claimId: draft.fields.claimId, amends: 't1.count.awadi', value: { kind: 'exact', n: 152 },
        hedge: 'confirmed', sourceId: 'gov-spokesperson', reportId: 'seed-article',
      },
    });
  });

  it('a retraction names the claim, its source and report, and nothing else', () => {
    const built = buildCommand(retractDraft(awadi));
    expect(built).toMatchObject({ command: { type: 'RetractClaim', claimId: 't1.count.awadi', sourceId: 'gov-spokesperson', reportId: 'seed-article' } });
    expect('command' in built && 'value' in built.command).toBe(false);
  });

  it.each([
    ['completed', 'completed'],
    ['{"mode":"helicopter"}', { mode: 'helicopter' }],
    ['["Europe","Sudan"]', ['Europe', 'Sudan']],
    ['"150"', '150'],
    ['150', 150],
  ])('value %s is read as %j', (text, value) => {
    expect(buildCommand(claimDraft({ subject: 'transfer:x', property: 'p', value: text }))).toMatchObject({ command: { value } });
  });

  it('broken JSON is an error on the value field, not a request', () => {
    const built = buildCommand(claimDraft({ value: '{"mode":' }));
    expect(built).toEqual({ fieldErrors: { value: expect.stringContaining('is not valid JSON') } });
  });

  it('quantity boxes become a quantity; what is not a number goes to the server as typed', () => {
    expect(buildCommand(claimDraft({ 'value.kind': 'range', 'value.min': '100', 'value.max': 'many' }, true))).toMatchObject({
      command: { value: { kind: 'range', min: 100, max: 'many' } },
    });
    expect(buildCommand(claimDraft({ 'value.kind': 'undisclosed', 'value.n': '5' }, true))).toMatchObject({
      command: { value: { kind: 'undisclosed' } },
    });
  });

  it('a valid time needs only its wording; precision defaults to unknown', () => {
    expect(buildCommand(claimDraft({ value: 'x', 'validTime.text': 'last week' }))).toMatchObject({
      command: { validTime: { text: 'last week', precision: 'unknown' } },
    });
  });
});

describe('placing a server error on its field', () => {
  const quantityClaim = visibleFields(claimDraft({ 'value.kind': 'exact' }, true));
  const textClaim = visibleFields(claimDraft({}));

  it.each([
    ['subject', quantityClaim, 'subject'],
    ['value.n', quantityClaim, 'value.n'],
    ['value', quantityClaim, 'value.kind'],
    ['value.n', textClaim, 'value'],
    ['value.groups.Iraqi.n', textClaim, 'value'],
    ['validTime.precision', textClaim, 'validTime.precision'],
    ['If-Match', visibleFields(amendDraft(awadi)), 'ifMatch'],
    ['0.subject', quantityClaim, 'subject'],
    ['', quantityClaim, ''],
    ['nonsense', quantityClaim, ''],
  ])('%s → %s', (path, visible, field) => {
    expect(fieldOfPath(path, [...visible, 'token'])).toBe(field);
  });
});
