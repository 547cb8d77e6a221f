import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import type { Ledger } from '../../src/runtime/ledger.js';
import { countsBody, facilitiesBody, transfersBody } from '../../src/runtime/read-models.js';
import { asOf } from '../../projections/as-of.js';
import { amendClaim, assertClaim, exact, recordReport, registerSource } from '../support/commands.js';
import { appendEach, asJson, openMemoryLedger } from '../support/ledger.js';

const VIEWS = ['transfers', 'counts', 'facilities'] as const;

describe('Ledger views: bodies kept for the current position and one earlier one', () => {
  let ledger: Ledger;
  let positions: bigint[];
  beforeEach(async () => {
    ledger = await openMemoryLedger();
    positions = await appendEach(
      ledger,
      [
        registerSource('s1'),
        recordReport('r1'),
        assertClaim('c1', 'transfer:t1', 'detainees.count', exact(150)),
        assertClaim('c2', 'transfer:t2', 'detainees.count', exact(20)),
      ].map((c) => parseCommand(c)),
    );
  });
  afterEach(() => ledger.close());

  const amend = () => ledger.execute([parseCommand(amendClaim('c1b', 'c1', exact(152)))], { actor: 'test' });

  /** The same parts, not computed again (the kept body is a copy of the top level: see Ledger.cached). */
  const expectSameParts = (body: object, kept: object) => {
    expect(Object.keys(body)).toEqual(Object.keys(kept));
    for (const [key, value] of Object.entries(kept)) expect((body as Record<string, unknown>)[key], key).toBe(value);
  };

  it.each(VIEWS)('%s: the body read when a position was current answers reads as of it after the log moves on', async (view) => {
    const before = ledger[view]();
    const position = String(positions.at(-1));
    await amend();
    expect(ledger[view](position)).toBe(before);
    const now = ledger[view]();
    expect(now).not.toBe(before);
    // Still kept once the current body has moved on, and it is what a view as of then says.
    expectSameParts(ledger[view](position), before);
    expect(ledger[view](position)).toBe(ledger[view](position));
    expect(ledger[view]()).toBe(now);
  });

  it.each(VIEWS)('%s: a body asked for as of an earlier position is kept for the next read as of it', async (view) => {
    await amend();
    const asOf = String(positions[2]);
    const first = ledger[view](asOf);
    expect(ledger[view](asOf)).toBe(first);
    expect(ledger[view]()).not.toBe(first);
    expect(ledger[view](asOf)).toBe(first);
    expect(ledger[view](String(positions[1]))).not.toBe(first);
  });

  it('a kept body says the same as the view computed afresh as of its position', async () => {
    const position = positions.at(-1)!;
    const kept = VIEWS.map((view) => ledger[view]());
    await amend();
    const fresh = asOf(ledger.state, position);
    expect(VIEWS.map((view) => ledger[view](String(position)))).toEqual(kept);
    expect(kept.map(asJson)).toEqual([transfersBody(fresh), countsBody(fresh), facilitiesBody(fresh)].map(asJson));
  });

  it('pages of a list pinned to one position are cut from the one kept body', async () => {
    const first = ledger.transfersPage({ limit: 1 });
    await amend();
    ledger.transfers();
    const second = ledger.transfersPage({ limit: 1, after: first.next! }, String(first.asOf.position));
    expect(second.transfers[0]).toBe((ledger.transfers(String(first.asOf.position)) as { transfers: unknown[] }).transfers[1]);
    expect(asJson(second.transfers[0])).toMatchObject({ subject: 'transfer:t2' });
  });
});
