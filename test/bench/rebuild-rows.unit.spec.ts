import { describe, expect, it } from 'vitest';
import { rebuildRows } from '../../bench/rows.js';
import type { RebuildResult } from '../../bench/suites/rebuild.js';

/** A rebuild at `events` that ran at 0.3× the ceiling: 0.4× would have allowed 1.333 s per 100,000 events. */
function missedAt(events: number): RebuildResult {
  const ceilingRate = 300_000;
  return {
    events,
    rate: 0.3 * ceilingRate,
    foldRate: 0.4 * ceilingRate,
    foldSeconds: events / (0.4 * ceilingRate),
    viewSeconds: { transfers: events / 600_000, counts: 0.01 },
    readSeconds: events / 500_000,
    ceilingRate,
  };
}

describe('the rebuild row', () => {
  it('says, when a small log misses, what 0.4x of the ceiling allowed and that the target names a 1,000,000-event log', () => {
    const [row] = rebuildRows(missedAt(40_000));
    expect(row!.met).toBe(false);
    expect(row!.notes).toContain('at 40,000 events 0.4× of the ceiling allows 0.333 s for the fold and the views together');
    expect(row!.notes).toContain('they took 0.333 s and 0.077 s');
    expect(row!.notes).toContain('The target names a 1,000,000-event log');
  });

  it('gives no small-log reason for a miss at the size the target names', () => {
    const [row] = rebuildRows(missedAt(1_000_000));
    expect(row!.met).toBe(false);
    expect(row!.notes).toContain('MISSED: the ceiling only parses rows');
    expect(row!.notes).not.toContain('The target names');
  });

  it('gives no reason at all when it meets', () => {
    const [row] = rebuildRows({ ...missedAt(40_000), rate: 0.45 * 300_000 });
    expect(row!.met).toBe(true);
    expect(row!.notes).not.toContain('MISSED');
  });
});
