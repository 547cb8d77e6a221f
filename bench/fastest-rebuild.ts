import type { RebuildResult } from './suites/rebuild.js';

/**
 * Measurements of one rebuild, each made in a process of its own, as one: the fastest one's
 * times, the highest memory peaks (a limit must hold in every run), and the ceiling, the
 * store's read and the peer from the one that measured them.
 */
export function fastestRebuild(results: readonly RebuildResult[]): RebuildResult {
  const fastest = results.reduce((best, result) => (result.rate > best.rate ? result : best));
  const limits = results.find((result) => result.ceilingRate !== undefined);
  return {
    ...fastest,
    ...highest('peakRssMiB', results),
    ...highest('peakHeapMiB', results),
    ...(limits?.ceilingRate === undefined ? {} : { ceilingRate: limits.ceilingRate }),
    ...(limits?.readSeconds === undefined ? {} : { readSeconds: limits.readSeconds }),
    ...(limits?.peerRate === undefined ? {} : { peerRate: limits.peerRate, peerEvents: limits.peerEvents }),
  };
}

function highest(key: 'peakRssMiB' | 'peakHeapMiB', results: readonly RebuildResult[]): Partial<RebuildResult> {
  const values = results.flatMap((result) => (result[key] === undefined ? [] : [result[key]]));
  return values.length === 0 ? {} : { [key]: Math.max(...values) };
}
