import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import type { Ledger } from '../../src/runtime/ledger.js';
import { aliasSubject, amendClaim, assertClaim, exact, recordReport, registerSource } from '../support/commands.js';
import { appendEach, asJson, openMemoryLedger } from '../support/ledger.js';

const T1 = 'transfer:t1';

describe('Ledger.transfer: one transfer, answered once per log position', () => {
  let ledger: Ledger;
  let positions: bigint[];
  beforeEach(async () => {
    ledger = await openMemoryLedger();
    positions = await appendEach(
      ledger,
      [registerSource('s1'), recordReport('r1'), assertClaim('c1', T1, 'detainees.count', exact(150)), aliasSubject('transfer:first', T1)].map((c) =>
        parseCommand(c),
      ),
    );
  });
  afterEach(() => ledger.close());

  const countOf = (body: unknown) => (asJson(body) as { transfer: { count: { interval: number[] } } }).transfer.count.interval;

  it('answers the same body again until the log moves, then the new value', async () => {
    const first = ledger.transfer(T1);
    expect(ledger.transfer(T1)).toBe(first);
    expect(countOf(ledger.transfer('transfer:first'))).toEqual([150, 150]);

    await ledger.execute([parseCommand(amendClaim('c2', 'c1', exact(152)))], { actor: 'test' });

    expect(countOf(ledger.transfer(T1))).toEqual([152, 152]);
    expect(countOf(ledger.transfer('transfer:first'))).toEqual([152, 152]);
  });

  it('answers an earlier position as it was, and an unknown transfer as not found every time', async () => {
    await ledger.execute([parseCommand(amendClaim('c2', 'c1', exact(152)))], { actor: 'test' });
    expect(countOf(ledger.transfer(T1, String(positions[2])))).toEqual([150, 150]);
    expect(() => ledger.transfer('transfer:none')).toThrow(/no transfer/);
    expect(() => ledger.transfer('transfer:none')).toThrow(/no transfer/);
  });
});
