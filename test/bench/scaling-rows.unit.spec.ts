import { describe, expect, it } from 'vitest';
import { appendScalingRows, rebuildScalingRows } from '../../bench/rows.js';

describe('the append scaling rows', () => {
  const sizes = [10_000, 100_000, 1_000_000];

  it("carry the engine's own rate at each size as the ceiling, and its fall in the notes", () => {
    const rows = appendScalingRows(sizes, [20_000, 17_000, 15_000], [50_000, 25_000, 15_500]);
    expect(rows.map((r) => [r.events, r.project, r.ceiling])).toEqual([
      [10_000, 20_000, 50_000],
      [100_000, 17_000, 25_000],
      [1_000_000, 15_000, 15_500],
    ]);
    expect(rows[2]!.ratios.vsCeiling).toBe(0.968);
    expect(rows[0]!.notes).toContain('runs at 1.00× / 0.50× / 0.31× its best');
  });

  it('are met by the project staying within 30% of its best size, whatever the ceiling does', () => {
    const flat = appendScalingRows(sizes, [20_000, 17_000, 15_000], [50_000, 25_000, 10_000]);
    expect(flat.map((r) => r.met)).toEqual([true, true, true]);
    const falling = appendScalingRows(sizes, [20_000, 17_000, 13_000], [50_000, 25_000, 15_500]);
    expect(falling.map((r) => r.met)).toEqual([true, true, false]);
    expect(falling[2]!.notes).toContain('MISSED: SQLite itself slows as the log grows');
  });

  it('say a short build pays fixed costs when it is the smaller log that falls behind', () => {
    const rows = appendScalingRows(sizes, [13_000, 20_000, 19_000], [50_000, 25_000, 15_500]);
    expect(rows.map((r) => r.met)).toEqual([false, true, true]);
    expect(rows[0]!.notes).toContain('MISSED: a short build pays costs that a longer one spreads');
    expect(rows[0]!.notes).not.toContain('SQLite itself slows');
  });
});

describe('the rebuild scaling rows', () => {
  const sizes = [10_000, 100_000, 1_000_000];
  const budget = { foldRuns: 5, foldSeconds: 10 };

  it('give the reason that fits the direction of the miss', () => {
    const largerSlower = rebuildScalingRows(sizes, [200_000, 180_000, 120_000], budget);
    expect(largerSlower.map((r) => r.met)).toEqual([true, true, false]);
    expect(largerSlower[2]!.notes).toContain('MISSED: a larger log folds into larger maps');
    const smallerSlower = rebuildScalingRows(sizes, [120_000, 180_000, 200_000], budget);
    expect(smallerSlower.map((r) => r.met)).toEqual([false, true, true]);
    expect(smallerSlower[0]!.notes).toContain('MISSED: a short fold is still being compiled');
  });
});
