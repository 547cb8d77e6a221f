import type { RebuildResult } from './suites/rebuild.js';

/**
 * Measurements of one rebuild, each made in a process of its own, as one: the fastest one's
 * times, the highest memory peaks (a limit must hold in every run), the best of the ceilings
 * (each process scanned once, as the fastest rebuild is the best of theirs), and the store's
 * read and the peer from the one that measured them.
 */
export function fastestRebuild(results: readonly RebuildResult[]): RebuildResult {
  const fastest = results.reduce((best, result) => (result.rate > best.rate ? result : best));
  const limits = results.find((result) => result.readSeconds !== undefined);
  const ceilings = results.flatMap((result) => (result.ceilingRate === undefined ? [] : [result.ceilingRate]));
  return {
    ...fastest,
    ...highest('peakRssMiB', results),
    ...highest('peakHeapMiB', results),
    ...(ceilings.length === 0 ? {} : { ceilingRate: Math.max(...ceilings) }),
    ...(limits?.readSeconds === undefined ? {} : { readSeconds: limits.readSeconds }),
    ...(limits?.peerRate === undefined ? {} : { peerRate: limits.peerRate, peerEvents: limits.peerEvents }),
  };
}

function highest(key: 'peakRssMiB' | 'peakHeapMiB', results: readonly RebuildResult[]): Partial<RebuildResult> {
  const values = results.flatMap((result) => (result[key] === undefined ? [] : [result[key]]));
  return values.length === 0 ? {} : { [key]: Math.max(...values) };
}
