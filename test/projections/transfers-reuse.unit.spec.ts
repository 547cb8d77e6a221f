import { describe, expect, it } from 'vitest';
import { counts } from '../../projections/counts.js';
import { transfer, transfers } from '../../projections/transfers.js';
import { aliasSubject, amendClaim, assertClaim, exact, recordReport, registerSource } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';

const T1 = 'transfer:t1';
const T2 = 'transfer:t2';

const story = () =>
  logOf(
    registerSource('s1'),
    recordReport('r1'),
    assertClaim('c1', T1, 'detainees.count', exact(150)),
    assertClaim('c2', T2, 'detainees.count', exact(40)),
    aliasSubject('transfer:first', T1),
    aliasSubject('transfer:second', T2),
  );

describe('transfers answered once per position', () => {
  it('answers again with what the log holds after each new event', () => {
    // given transfers read once
    const log = story();
    expect(transfers(log.now()).map((t) => t.count?.interval)).toEqual([[150, 150], [40, 40]]);

    // when an amendment is folded
    log.record(amendClaim('c3', 'c1', exact(152)));

    // then every view that starts from the transfers sees it
    expect(transfers(log.now()).map((t) => t.count?.interval)).toEqual([[152, 152], [40, 40]]);
    expect(counts(log.now()).total.interval).toEqual([192, 192]);
  });

  it('answers an earlier position as it stood then, before and after the current one is read', () => {
    const log = story();
    const before = transfers(log.at(3n));
    log.record(amendClaim('c3', 'c1', exact(152)));
    transfers(log.now());
    expect(transfers(log.at(3n))).toEqual(before);
    expect(before.map((t) => t.subject)).toEqual([T1]);
  });

  it('finds one transfer, by subject or alias, the same whether or not all were resolved', () => {
    const log = story();
    const alone = [T1, T2, 'transfer:first', 'transfer:second', 'transfer:none', 'facility:x'].map((s) => transfer(log.now(), s));
    const all = transfers(log.now());
    const reused = [T1, T2, 'transfer:first', 'transfer:second', 'transfer:none', 'facility:x'].map((s) => transfer(log.now(), s));
    expect(alone).toEqual(reused);
    expect(alone.slice(0, 4)).toEqual([all[0], all[1], all[0], all[1]]);
    expect(alone.slice(4)).toEqual([undefined, undefined]);
  });
});
