import { describe, expect, it } from 'vitest';
import { transfer } from '../../projections/transfers.js';
import { resolve } from '../../src/domain/resolution.js';
import { stringifyJson } from '../../src/runtime/json.js';
import { assertClaim, exact, range, recordReport, registerSource } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';
import { candidate } from '../support/candidate.js';

const T1 = 'transfer:t1';

describe('alternatives of a resolved value', () => {
  // given three standing counts, the best first once ranked by hedge
  const resolved = resolve(
    [
      candidate('weak', { value: exact(300), hedge: 'unconfirmed', sourceId: 's3', quote: 'about 300' }),
      candidate('top', { hedge: 'confirmed' }),
      candidate('middle', { value: range(140, 160), hedge: 'reported', sourceId: 's2', position: 2n }),
    ],
    true,
  )!;

  it('are written as a list, best first, each with its interval and the quote it has', () => {
    // when
    const body = JSON.parse(stringifyJson(resolved)) as { alternatives: unknown };
    // then
    expect(body.alternatives).toEqual([
      { value: range(140, 160), interval: [140, 160], claimId: 'middle', sourceId: 's2', reportId: 'r1', hedge: 'reported' },
      { value: exact(300), interval: [300, 300], claimId: 'weak', sourceId: 's3', reportId: 'r1', hedge: 'unconfirmed', quote: 'about 300' },
    ]);
  });

  it('read the same one at a time, iterated, mapped and counted', () => {
    const written = resolved.alternatives.toJSON();
    expect(resolved.alternatives).toHaveLength(2);
    expect([resolved.alternatives.at(0), resolved.alternatives.at(1)]).toEqual(written);
    expect(resolved.alternatives.at(2)).toBeUndefined();
    expect(resolved.alternatives.at(-1)).toBeUndefined();
    expect([...resolved.alternatives]).toEqual(written);
    expect(resolved.alternatives.map((alternative, index) => `${index}:${alternative.claimId}`)).toEqual(['0:middle', '1:weak']);
  });

  it('give their sources without being written out', () => {
    const sources = new Set(['s1']);
    resolved.alternatives.addSourceIdsTo(sources);
    expect([...sources]).toEqual(['s1', 's2', 's3']);
  });

  it('show each claim\'s value under a split key, not the whole value it claimed', () => {
    // given two breakdowns by group that disagree on one group
    const log = logOf(
      registerSource('s1', { reliability: 'B' }),
      registerSource('s2', { reliability: 'C' }),
      recordReport('r1'),
      assertClaim('c1', T1, 'detainees.byGroup', { Iraqi: exact(85), foreign: exact(65) }),
      assertClaim('c2', T1, 'detainees.byGroup', { Iraqi: exact(90), foreign: exact(65) }, { sourceId: 's2' }),
    );
    // when
    const view = transfer(log.now(), T1)!;
    // then
    expect(view.byGroup['Iraqi']?.alternatives.toJSON()).toEqual([
      { value: exact(90), interval: [90, 90], claimId: 'c2', sourceId: 's2', reportId: 'r1', hedge: 'stated' },
    ]);
    expect(view.byGroup['Iraqi']?.conflict).toBe(true);
    expect(view.byGroup['foreign']?.conflict).toBe(false);
  });

  it('are an empty list when one claim stands', () => {
    const alone = resolve([candidate('only', { value: 'completed' })], false)!;
    expect(alone.alternatives).toHaveLength(0);
    expect(JSON.parse(stringifyJson(alone))).toMatchObject({ claimId: 'only', alternatives: [] });
  });
});
