import { describe, expect, it } from 'vitest';
import { appendScalingRows } from '../../bench/rows.js';

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
});
