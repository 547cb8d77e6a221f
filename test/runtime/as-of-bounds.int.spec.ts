import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/runtime/ledger.js';
import { ValidationError } from '../../src/domain/errors.js';
import { appendStories, openMemoryLedger } from '../support/ledger.js';

const SEED = new URL('../../examples/seed-story.ndjson', import.meta.url).pathname;

describe('as-of bounds a user can give', () => {
  let ledger: Ledger;
  beforeEach(async () => {
    ledger = await openMemoryLedger();
    await appendStories(ledger, SEED);
  });
  afterEach(() => ledger.close());

  it('refuses a diff whose from lies after its to, naming from', () => {
    expect(() => ledger.diff('30', '10')).toThrow(ValidationError);
    expect(() => ledger.diff('30', '10')).toThrow(/from.*after to/);
  });

  it('refuses an as-of that is neither a position nor a time, naming the parameter', () => {
    expect(() => ledger.counts('yesterday')).toThrow(/asOf.*neither a log position nor an ISO 8601 time/);
  });

  it('reads a position past the head as now, and says which position it describes', () => {
    const body = ledger.counts('999999') as { asOf: { position: bigint } };
    expect(body.asOf.position).toBe(ledger.state.position);
  });

  it('reads a time before the first event as the empty ledger', () => {
    const body = ledger.transfers('2000-01-01T00:00:00Z');
    expect(body.asOf.position).toBe(0n);
    expect(body.transfers).toEqual([]);
  });
});
