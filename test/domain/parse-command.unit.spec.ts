import { describe, expect, it } from 'vitest';
import { ValidationError, type FieldIssue } from '../../src/domain/errors.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { aliasSubject, amendClaim, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';

/** The issues parseCommand reports for `input`, read as line 7 of a file. */
function issuesOf(input: unknown): FieldIssue[] {
  try {
    parseCommand(input, 7);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected the command to be refused');
}

const paths = (input: unknown): string[] => [...new Set(issuesOf(input).map((issue) => issue.path))];
const count = (value: unknown) => assertClaim('c1', 'transfer:t1', 'detainees.count', value);

describe('parseCommand accepts the interchange format', () => {
  it.each([
    ['RegisterSource', registerSource('gov-spokesperson', { kind: 'named-official', reliability: 'B' })],
    ['RecordReport', recordReport('r1', { url: 'https://example.org/a', publishedAt: '2026-11-20T08:00:00+03:00' })],
    ['AssertClaim', count({ kind: 'atMost', max: 7000 })],
    ['AmendClaim', amendClaim('c2', 'c1', exact(152), { reason: 'revised figure' })],
    ['RetractClaim', retractClaim('x1', 'c1', { reasonCode: 'misattributed' })],
    ['AliasSubject', aliasSubject('facility:camp-cropper', 'facility:cropper')],
  ])('%s', (type, input) => {
    expect(parseCommand(input).type).toBe(type);
  });

  it('accepts the largest safe integer and zero', () => {
    expect(parseCommand(count({ kind: 'range', min: 0, max: Number.MAX_SAFE_INTEGER })).type).toBe('AssertClaim');
  });

  it('keeps any JSON value for an uninterpreted property', () => {
    const parsed = parseCommand(assertClaim('c1', 'transfer:t1', 'notes.free', { any: ['json', 1, null] }));
    expect(parsed).toMatchObject({ value: { any: ['json', 1, null] } });
  });
});

describe('parseCommand refuses what does not fit, naming line and field', () => {
  it('an unknown type, on `type`', () => {
    expect(issuesOf({ type: 'DeleteClaim', claimId: 'c1' })).toEqual([
      expect.objectContaining({ path: 'type', line: 7, message: expect.stringContaining('AssertClaim') }),
    ]);
  });

  it('a missing type', () => {
    expect(paths({ claimId: 'c1' })).toEqual(['type']);
  });

  it('anything but an object', () => {
    expect(paths(null)).toEqual(['']);
    expect(paths([registerSource('s1')])).toEqual(['']);
    expect(paths('RegisterSource')).toEqual(['']);
  });

  it('an unknown field, by name', () => {
    expect(issuesOf({ ...registerSource('s1'), reliabilty: 'A' })).toEqual([
      expect.objectContaining({ path: 'reliabilty', message: 'unknown field' }),
    ]);
  });

  it('an unknown field inside a value, on the value path', () => {
    expect(paths(count({ kind: 'exact', n: 1, best: 2 }))).toEqual(['value.best']);
  });

  it.each([
    ['min above max', { kind: 'range', min: 200, max: 100 }, 'value.min'],
    ['a negative count', { kind: 'exact', n: -1 }, 'value.n'],
    ['a fraction', { kind: 'approximate', n: 0.5 }, 'value.n'],
    ['1e308', { kind: 'atLeast', min: 1e308 }, 'value.min'],
    ['2^53 + 1', { kind: 'atMost', max: 2 ** 53 + 1 }, 'value.max'],
    ['a count as a string', { kind: 'exact', n: '150' }, 'value.n'],
    ['an unknown quantity kind', { kind: 'about', n: 150 }, 'value.kind'],
    ['a bare number', 150, 'value'],
  ])('a quantity with %s', (_, value, path) => {
    expect(paths(count(value))).toEqual([path]);
  });

  it('a negative group count, on the group', () => {
    const input = assertClaim('c1', 'transfer:t1', 'detainees.byGroup', { Iraqi: exact(85), foreign: { kind: 'exact', n: -65 } });
    expect(paths(input)).toEqual(['value.foreign.n']);
  });

  it('a facility assignment naming something other than a facility', () => {
    expect(paths(assertClaim('c1', 'transfer:t1', 'facility.assignment', { facility: 'transfer:t2' }))).toEqual(['value.facility']);
  });

  it('a status outside planned/underway/completed/cancelled', () => {
    expect(paths(assertClaim('c1', 'transfer:t1', 'status', 'done'))).toEqual(['value']);
  });

  it('a missing value', () => {
    const { value: _, ...withoutValue } = count(exact(1));
    expect(paths(withoutValue)).toEqual(['value']);
  });

  it.each([
    ['a space', 'claim 1'],
    ['a slash', 'claims/1'],
    ['nothing', ''],
    ['129 characters', 'c'.repeat(129)],
    ['non-ASCII letters', 'clé'],
  ])('an id with %s', (_, claimId) => {
    expect(paths({ ...count(exact(1)), claimId })).toEqual(['claimId']);
  });

  it('a subject that is not kind:id', () => {
    expect(paths(assertClaim('c1', 'transfer', 'status', 'completed'))).toEqual(['subject']);
    expect(paths(assertClaim('c1', 'Transfer:t1', 'status', 'completed'))).toEqual(['subject']);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('a `%s` key at the top level', (key) => {
    const input = JSON.parse(`{"type":"RegisterSource","sourceId":"s1","name":"n","kind":"other","${key}":{"reliability":"A"}}`);
    expect(issuesOf(input)).toEqual([expect.objectContaining({ path: key, message: 'unknown field' })]);
  });

  it('a `__proto__` key inside a quantity', () => {
    const input = JSON.parse('{"type":"AssertClaim","claimId":"c1","reportId":"r1","sourceId":"s1","subject":"transfer:t1","property":"detainees.count","hedge":"stated","value":{"kind":"exact","n":1,"__proto__":{"n":2}}}');
    expect(paths(input)).toEqual(['value.__proto__']);
  });

  it('a `__proto__` group name', () => {
    const input = JSON.parse('{"type":"AssertClaim","claimId":"c1","reportId":"r1","sourceId":"s1","subject":"transfer:t1","property":"detainees.byGroup","hedge":"stated","value":{"__proto__":{"kind":"exact","n":1}}}');
    expect(paths(input)).toEqual(['value']);
  });

  it('wrong types, each on its own field', () => {
    const input = { ...registerSource('s1'), sourceId: 5, kind: 'person', reliability: 'G', name: '' };
    expect(paths(input).sort()).toEqual(['kind', 'name', 'reliability', 'sourceId']);
  });

  it('an unknown hedge', () => {
    expect(paths({ ...count(exact(1)), hedge: 'sure' })).toEqual(['hedge']);
  });

  it('a credibility outside 1–6 and a reasonCode outside the list', () => {
    expect(paths({ ...count(exact(1)), credibility: 7 })).toEqual(['credibility']);
    expect(paths(retractClaim('x1', 'c1', { reasonCode: 'wrong' as never }))).toEqual(['reasonCode']);
  });

  it('a report with a non-http URL or a date without offset', () => {
    expect(paths(recordReport('r1', { url: 'javascript:alert(1)' }))).toEqual(['url']);
    expect(paths(recordReport('r1', { publishedAt: '2026-11-20 08:00' }))).toEqual(['publishedAt']);
  });

  it('a valid time with an unknown precision', () => {
    expect(paths({ ...count(exact(1)), validTime: { text: 'last week', precision: 'fortnight' } })).toEqual(['validTime.precision']);
  });

  it('values nested deeper than 32 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i += 1) deep = [deep];
    expect(paths(assertClaim('c1', 'transfer:t1', 'notes.free', deep))).toEqual(['value']);
  });

  it('says line and field in the message a user reads', () => {
    expect(() => parseCommand({ ...registerSource('s1'), kind: 'person' }, 12)).toThrow(/^line 12, kind: /);
  });
});

describe('parseCommand refuses text that is not valid Unicode', () => {
  it('a lone surrogate in a string, at its field path', () => {
    const input = JSON.parse('{"type":"RegisterSource","sourceId":"s1","name":"bad \\ud800 name","kind":"other"}');
    expect(() => parseCommand(input, 4)).toThrow(/line 4, name: contains a lone UTF-16 surrogate/);
  });

  it('a lone surrogate deep in an uninterpreted value', () => {
    const input = JSON.parse('{"type":"AssertClaim","claimId":"c1","reportId":"r1","sourceId":"s1","subject":"transfer:t1","property":"note","hedge":"stated","value":{"a":["ok","\\udc00"]}}');
    expect(() => parseCommand(input)).toThrow(/value\.a\.1: contains a lone UTF-16 surrogate/);
  });
});
