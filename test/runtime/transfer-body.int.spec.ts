import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { aliasSubject, amendClaim, assertClaim, exact, recordReport, registerSource } from '../support/commands.js';
import { asJson, ledgerForEachTest } from '../support/ledger.js';

const T1 = 'transfer:t1';

describe('Ledger.transfer: one transfer, answered once per log position', () => {
  const given = ledgerForEachTest(() => [registerSource('s1'), recordReport('r1'), assertClaim('c1', T1, 'detainees.count', exact(150)), aliasSubject('transfer:first', T1)]);

  const countOf = (body: unknown) => (asJson(body) as { transfer: { count: { interval: number[] } } }).transfer.count.interval;

  it('answers the same body again until the log moves, then the new value', async () => {
    const first = given.ledger.transfer(T1);
    expect(given.ledger.transfer(T1)).toBe(first);
    expect(countOf(given.ledger.transfer('transfer:first'))).toEqual([150, 150]);

    await given.ledger.execute([parseCommand(amendClaim('c2', 'c1', exact(152)))], { actor: 'test' });

    expect(countOf(given.ledger.transfer(T1))).toEqual([152, 152]);
    expect(countOf(given.ledger.transfer('transfer:first'))).toEqual([152, 152]);
  });

  it('answers an earlier position as it was, and an unknown transfer as not found every time', async () => {
    await given.ledger.execute([parseCommand(amendClaim('c2', 'c1', exact(152)))], { actor: 'test' });
    expect(countOf(given.ledger.transfer(T1, String(given.positions[2])))).toEqual([150, 150]);
    expect(() => given.ledger.transfer('transfer:none')).toThrow(/no transfer/);
    expect(() => given.ledger.transfer('transfer:none')).toThrow(/no transfer/);
  });
});
