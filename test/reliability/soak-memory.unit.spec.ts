import { describe, expect, it } from 'vitest';
import { levelOff, linearFit, type MemorySample } from '../../bench/soak/memory.js';

const MiB = 1024 * 1024;
const OPTIONS = { steadyFromSeconds: 60, minToleranceBytes: 4 * MiB, toleranceShare: 0.05 };

/** A run of 120 s sampled every 5 s: events and heap as functions of time, plus noise. */
function run(events: (t: number) => number, heap: (t: number, events: number) => number): MemorySample[] {
  return Array.from({ length: 25 }, (_, i) => {
    const seconds = i * 5;
    const n = events(seconds);
    return { seconds, events: n, heapUsed: heap(seconds, n) + ((i * 7919) % 5) * 100_000, rss: 150 * MiB };
  });
}
// 300 new events a second for the first minute, 10 a second after.
const events = (t: number) => (t < 60 ? 300 * t : 18_000 + 10 * (t - 60));

describe('soak memory: does it level off?', () => {
  it('fits a line', () => {
    expect(linearFit([0, 1, 2, 3], [1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1 });
    expect(linearFit([2, 2], [1, 3])).toEqual({ slope: 0, intercept: 2 });
  });

  it('memory that grows only with the log levels off', () => {
    const check = levelOff(run(events, (_, n) => 30 * MiB + 3_000 * n), 'heapUsed', OPTIONS);
    expect(check.levelsOff).toBe(true);
    expect(check.explainedByLogBytes).toBeGreaterThan(1 * MiB);
    expect(Math.abs(check.unexplainedBytes)).toBeLessThan(2 * MiB);
  });

  it('flat memory levels off', () => {
    expect(levelOff(run(events, () => 40 * MiB), 'heapUsed', OPTIONS).levelsOff).toBe(true);
  });

  it('memory that keeps growing with time, whatever the log does, does not', () => {
    const check = levelOff(run(events, (t, n) => 30 * MiB + 3_000 * n + 0.2 * MiB * t), 'heapUsed', OPTIONS);
    expect(check.levelsOff).toBe(false);
    expect(check.unexplainedBytes).toBeGreaterThan(10 * MiB);
    expect(check.unexplainedBytesPerMinute).toBeGreaterThan(10 * MiB);
  });

  it('says when there are too few samples to judge', () => {
    const check = levelOff(run(events, () => 40 * MiB).slice(0, 2), 'heapUsed', OPTIONS);
    expect(check.note).toMatch(/too few samples/);
  });
});
