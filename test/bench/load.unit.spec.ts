import { describe, expect, it } from 'vitest';
import { ClaimsLoad } from '../../bench/load.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { InMemoryLog } from '../support/in-memory-log.js';

describe('the benchmark load', () => {
  it('is the same for the same seed and differs for another', () => {
    const ids = (seed?: number) => new ClaimsLoad(seed === undefined ? {} : { seed }).take(500).map((a) => a.events.map((e) => e.id).join());
    expect(ids()).toEqual(ids());
    expect(ids(7)).not.toEqual(ids());
  });

  it('makes interchange-format commands the product parses and decides into the events it lists', () => {
    // given the product's own log, deciding every command the load makes
    const log = new InMemoryLog();
    const load = new ClaimsLoad();
    const appends = load.take(5_000);
    for (const append of appends) {
      const command = parseCommand(JSON.parse(JSON.stringify(append.command)));
      const before = log.context();
      // then each decides, against the recorded story, to the stream, revision and events listed
      const expectedRevision = before.streamRevision(append.stream) ?? 'no_stream';
      expect(append.expectedRevision).toEqual(expectedRevision);
      log.record(command);
      expect(log.events.slice(-append.events.length).map((p) => p.type)).toEqual(append.events.map((e) => e.type));
    }
    const types = new Set(appends.flatMap((a) => a.events.map((e) => e.type)));
    expect(types).toEqual(new Set(['SourceRegistered', 'ReportRecorded', 'ClaimAsserted', 'ClaimAmended', 'ClaimRetracted', 'SubjectAliased']));
  });

  it('is realistic: events of a few hundred bytes about thousands of subjects', () => {
    const appends = new ClaimsLoad().take(30_000);
    const events = appends.flatMap((a) => a.events);
    const bytes = events.map((e) => JSON.stringify(e.data).length + JSON.stringify(e.metadata).length);
    const mean = bytes.reduce((a, b) => a + b, 0) / bytes.length;
    expect(mean).toBeGreaterThan(200);
    expect(mean).toBeLessThan(800);
    const subjects = new Set(events.map((e) => (e.data as { subject?: string }).subject).filter((s) => s !== undefined));
    expect(subjects.size).toBeGreaterThan(1_000);
  });

  it('makes bursts of claims about one subject, at consecutive revisions', () => {
    const load = new ClaimsLoad();
    load.take(2_000);
    const burst = load.burst(100);
    expect(burst.events).toHaveLength(100);
    expect(new Set(burst.events.map((e) => (e.data as { subject: string }).subject)).size).toBe(1);
    const next = load.burst(100);
    if (next.stream === burst.stream) {
      expect(next.expectedRevision).toBe((burst.expectedRevision === 'no_stream' ? -1n : burst.expectedRevision) + 100n);
    }
  });

  it('makes fresh claims the product accepts, without remembering them', () => {
    const load = new ClaimsLoad();
    const log = new InMemoryLog();
    for (const append of load.take(500)) log.record(parseCommand(JSON.parse(JSON.stringify(append.command))));
    for (let i = 0; i < 50; i += 1) log.record(parseCommand(JSON.parse(JSON.stringify(load.freshClaim(`fresh-${i}`)))));
    expect(log.state.claims.has('fresh-49')).toBe(true);
  });
});
