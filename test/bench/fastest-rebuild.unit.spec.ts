import { describe, expect, it } from 'vitest';
import { fastestRebuild } from '../../bench/fastest-rebuild.js';
import type { RebuildResult } from '../../bench/suites/rebuild.js';

const run = (rate: number, peakRssMiB: number, extra: Partial<RebuildResult> = {}): RebuildResult => ({
  events: 1000,
  rate,
  foldRate: rate * 1.5,
  foldSeconds: 1000 / (rate * 1.5),
  viewSeconds: { transfers: rate / 1e6 },
  peakRssMiB,
  peakHeapMiB: peakRssMiB - 100,
  ...extra,
});

describe('one rebuild measured in several processes', () => {
  it('keeps the fastest run’s times, the highest memory peaks, and the limits from the run that measured them', () => {
    const withLimits = run(100, 900, { ceilingRate: 300, readSeconds: 4, peerRate: 50, peerEvents: 200 });
    const faster = run(120, 850);
    expect(fastestRebuild([withLimits, faster])).toEqual({
      ...faster,
      peakRssMiB: 900,
      peakHeapMiB: 800,
      ceilingRate: 300,
      readSeconds: 4,
      peerRate: 50,
      peerEvents: 200,
    });
  });

  it('takes the better of the ceilings each process scanned, and the read and the peer from the one that measured them', () => {
    // Given two processes that each scanned once after rebuilding, the second one faster
    const withLimits = run(100, 900, { ceilingRate: 280, readSeconds: 4, peerRate: 50, peerEvents: 200 });
    const second = run(110, 880, { ceilingRate: 310 });

    // When they are taken as one rebuild
    const rebuild = fastestRebuild([withLimits, second]);

    // Then the ceiling is the better scan, wherever it ran
    expect(rebuild.ceilingRate).toBe(310);
    expect(rebuild).toMatchObject({ rate: 110, readSeconds: 4, peerRate: 50, peerEvents: 200, peakRssMiB: 900 });
  });

  it('keeps the run with the limits whole when it is the faster one', () => {
    const withLimits = run(130, 800, { ceilingRate: 300, readSeconds: 4, peerRate: 50, peerEvents: 200 });
    expect(fastestRebuild([withLimits, run(120, 950)])).toEqual({ ...withLimits, peakRssMiB: 950, peakHeapMiB: 850 });
  });
});
