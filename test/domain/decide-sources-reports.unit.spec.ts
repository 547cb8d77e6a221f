import { describe, expect, it } from 'vitest';
import { given } from '../support/decider-spec.js';
import { recordReport, registerSource } from '../support/commands.js';
import { reportRecorded, sourceRegistered } from '../support/events.js';

describe('decide RegisterSource', () => {
  it('records a new source on its own stream, expecting no stream yet', () => {
    const decision = given()
      .when(registerSource('s1', { kind: 'named-official', reliability: 'B', role: 'Spokesperson' }))
      .then([sourceRegistered('s1', { kind: 'named-official', reliability: 'B', role: 'Spokesperson' })]);
    expect(decision).toMatchObject({ stream: 'source-s1', expectedRevision: 'no_stream' });
  });

  it('defaults reliability to F (cannot be judged)', () => {
    given().when(registerSource('s1')).then([sourceRegistered('s1', { reliability: 'F' })]);
  });

  it('is a no-op when the identical source is sent again, even with key order changed', () => {
    const decision = given(sourceRegistered('s1', { reliability: 'C' }))
      .when({ reliability: 'C', kind: 'other', name: 'Source s1', sourceId: 's1', type: 'RegisterSource' })
      .thenNothing();
    expect(decision).toMatchObject({ stream: 'source-s1', expectedRevision: 0n });
  });

  it('is a no-op when the re-send spells out the default reliability', () => {
    given(sourceRegistered('s1')).when(registerSource('s1', { reliability: 'F' })).thenNothing();
  });

  it('refuses the same id with a different body (ID_CONFLICT on sourceId)', () => {
    const error = given(sourceRegistered('s1'))
      .when(registerSource('s1', { name: 'Someone else' }))
      .thenThrows('ID_CONFLICT', 'sourceId');
    expect(error.message).toContain('s1');
  });
});

describe('decide RecordReport', () => {
  it('records a new report on its own stream with publishedAt null when unknown', () => {
    const decision = given()
      .when(recordReport('r1', { title: 'A title', retrievedAt: '2026-11-24T10:00:00Z' }))
      .then([reportRecorded('r1', { title: 'A title', retrievedAt: '2026-11-24T10:00:00Z', publishedAt: null })]);
    expect(decision).toMatchObject({ stream: 'report-r1', expectedRevision: 'no_stream' });
  });

  it('is a no-op when the identical report is sent again', () => {
    given(reportRecorded('r1', { publishedAt: '2026-11-20T08:00:00Z' }))
      .when(recordReport('r1', { publishedAt: '2026-11-20T08:00:00Z' }))
      .thenNothing();
  });

  it('refuses the same id with a different body (ID_CONFLICT on reportId)', () => {
    given(reportRecorded('r1'))
      .when(recordReport('r1', { publishedAt: '2026-11-20T08:00:00Z' }))
      .thenThrows('ID_CONFLICT', 'reportId');
  });

  it('keeps sources and reports apart: a report may share an id with a source', () => {
    given(sourceRegistered('x')).when(recordReport('x')).then([reportRecorded('x')]);
  });
});
