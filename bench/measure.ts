import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Collects garbage between measurements when the process runs with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs `work` until it has taken at least `minSeconds` in total (at most `maxRuns` times) and
 * keeps the best rate: small workloads finish before the JIT has warmed up, so a single run
 * would make a small log look slower than a large one.
 */
export async function bestRate(
  work: () => Promise<{ events: number; seconds: number }>,
  minSeconds: number,
  maxRuns: number,
): Promise<{ rate: number; runs: number; events: number }> {
  let best = 0;
  let total = 0;
  let runs = 0;
  let events = 0;
  while (runs < maxRuns && (runs === 0 || total < minSeconds)) {
    collectGarbage();
    const result = await work();
    runs += 1;
    total += result.seconds;
    events = result.events;
    best = Math.max(best, result.events / result.seconds);
  }
  return { rate: best, runs, events };
}

/** Peak of the V8 heap, sampled at the points a workload reports progress. */
export class HeapPeak {
  peak = process.memoryUsage().heapUsed;

  sample(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.peak) this.peak = used;
  }
}

/** Peak resident set size of this process so far, in bytes (the kernel's high-water mark). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export const MiB = 1024 * 1024;

export function scratchPath(workdir: string, name: string): string {
  mkdirSync(workdir, { recursive: true });
  return join(workdir, name);
}

let silencedBy = 0;
let heldLog = console.log;

/**
 * Silences console.log until the returned release is called (Emmett logs every failed
 * transaction there, and the trials count those failures themselves). Holds are counted: an
 * append a trial stopped waiting for can fail, and log, after the next trial has begun, so the
 * log is given back only when the last hold is released.
 */
export function silenceConsoleLog(): () => void {
  if (silencedBy === 0) heldLog = console.log;
  silencedBy += 1;
  console.log = () => undefined;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    silencedBy -= 1;
    if (silencedBy === 0) console.log = heldLog;
  };
}
