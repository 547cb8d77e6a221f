import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { countsBody, facilitiesBody, transfersBody } from '../../src/runtime/read-models.js';
import { asOf } from '../../projections/as-of.js';
import { amendClaim, assertClaim, exact, recordReport, registerSource } from '../support/commands.js';
import { asJson, ledgerForEachTest } from '../support/ledger.js';

const VIEWS = ['transfers', 'counts', 'facilities'] as const;

describe('Ledger views: bodies kept for the current position and one earlier one', () => {
  const given = ledgerForEachTest(() => [
    registerSource('s1'),
    recordReport('r1'),
    assertClaim('c1', 'transfer:t1', 'detainees.count', exact(150)),
    assertClaim('c2', 'transfer:t2', 'detainees.count', exact(20)),
  ]);
  const amend = () => given.ledger.execute([parseCommand(amendClaim('c1b', 'c1', exact(152)))], { actor: 'test' });

  /** The same parts, not computed again (the kept body is a copy of the top level: see Ledger.cached). */
  const expectSameParts = (body: object, kept: object) => {
    expect(Object.keys(body)).toEqual(Object.keys(kept));
    for (const [key, value] of Object.entries(kept)) expect((body as Record<string, unknown>)[key], key).toBe(value);
  };

  it.each(VIEWS)('%s: the body read when a position was current answers reads as of it after the log moves on', async (view) => {
    const before = given.ledger[view]();
    const position = String(given.positions.at(-1));
    await amend();
    expect(given.ledger[view](position)).toBe(before);
    const now = given.ledger[view]();
    expect(now).not.toBe(before);
    // Still kept once the current body has moved on, and it is what a view as of then says.
    expectSameParts(given.ledger[view](position), before);
    expect(given.ledger[view](position)).toBe(given.ledger[view](position));
    expect(given.ledger[view]()).toBe(now);
  });

  it.each(VIEWS)('%s: a body asked for as of an earlier position is kept for the next read as of it', async (view) => {
    await amend();
    const asOf = String(given.positions[2]);
    const first = given.ledger[view](asOf);
    expect(given.ledger[view](asOf)).toBe(first);
    expect(given.ledger[view]()).not.toBe(first);
    expect(given.ledger[view](asOf)).toBe(first);
    expect(given.ledger[view](String(given.positions[1]))).not.toBe(first);
  });

  it('a kept body says the same as the view computed afresh as of its position', async () => {
    const position = given.positions.at(-1)!;
    const kept = VIEWS.map((view) => given.ledger[view]());
    await amend();
    const fresh = asOf(given.ledger.state, position);
    expect(VIEWS.map((view) => given.ledger[view](String(position)))).toEqual(kept);
    expect(kept.map(asJson)).toEqual([transfersBody(fresh), countsBody(fresh), facilitiesBody(fresh)].map(asJson));
  });

  it('pages of a list pinned to one position are cut from the one kept body', async () => {
    const first = given.ledger.transfersPage({ limit: 1 });
    await amend();
    given.ledger.transfers();
    const second = given.ledger.transfersPage({ limit: 1, after: first.next! }, String(first.asOf.position));
    expect(second.transfers[0]).toBe((given.ledger.transfers(String(first.asOf.position)) as { transfers: unknown[] }).transfers[1]);
    expect(asJson(second.transfers[0])).toMatchObject({ subject: 'transfer:t2' });
  });
});
