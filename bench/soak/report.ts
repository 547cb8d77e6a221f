import type { LevelOffCheck } from './memory.js';
import type { SoakResult } from './run-soak.js';

const MiB = 1024 * 1024;
const MAX_ROWS = 24;
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => (bytes / MiB).toFixed(1);
const rate = (n: number, seconds: number) => `${count(n / seconds)}/s`;

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function describeCheck(label: string, check: LevelOffCheck): string {
  if (check.note && check.steadyGrowthBytes === 0) return `${label}: ${check.note}`;
  const verdict = check.levelsOff ? 'levels off' : 'DOES NOT LEVEL OFF';
  return (
    `${label}: grew ${mib(check.steadyGrowthBytes)} MiB over the steady phase, ${mib(check.explainedByLogBytes)} MiB of it the log's own growth; ` +
    `unexplained ${mib(check.unexplainedBytes)} MiB (${mib(check.unexplainedBytesPerMinute)} MiB/min; tolerance ${mib(check.toleranceBytes)} MiB): ${verdict}` +
    (check.note ? ` (${check.note})` : '')
  );
}

/** The soak's result as text: throughput, errors, memory samples and the level-off verdicts. */
export function formatSoakReport(result: SoakResult): string {
  const { tally, seconds } = result;
  const lines = [
    `Soak: ${seconds} s against ${result.url} (sqlite, ${result.concurrency} clients, loopback only, seed ${result.seed})`,
    `Requests: ${count(tally.requests)} (${rate(tally.requests, seconds)}); writes ${count(tally.writes)} (${rate(tally.writes, seconds)}: ` +
      `${count(tally.newClaims)} new claims, ${count(tally.resent)} re-sends answered unchanged); reads ${count(tally.reads)} (${rate(tally.reads, seconds)})`,
    `Latency: p50 ${percentile(tally.latencies, 50).toFixed(1)} ms, p99 ${percentile(tally.latencies, 99).toFixed(1)} ms, max ${Math.max(0, ...tally.latencies).toFixed(1)} ms`,
    `Errors: ${tally.errors}${tally.errorSamples.length > 0 ? `\n  ${tally.errorSamples.join('\n  ')}` : ''}`,
    `Log: ${count(result.events)} events; hash chain ${result.chain.ok ? 'verified' : `BROKEN (${result.chain.problem})`}`,
    `Server memory after a full GC (steady phase from ${result.steadyFromSeconds} s: one write in ten is new):`,
    '     t (s)     events   heap MiB    rss MiB',
  ];
  const step = Math.max(1, Math.ceil(result.samples.length / MAX_ROWS));
  result.samples.forEach((sample, i) => {
    if (i % step !== 0 && i !== result.samples.length - 1) return;
    lines.push(
      `${sample.seconds.toFixed(1).padStart(10)} ${count(sample.events).padStart(10)} ${mib(sample.heapUsed).padStart(10)} ${mib(sample.rss).padStart(10)}`,
    );
  });
  lines.push(describeCheck('Heap', result.heap), describeCheck('RSS', result.rss));
  for (const failure of result.failures) lines.push(`FAILED: ${failure}`);
  return lines.join('\n');
}

/** Passed: no request failed, nothing else failed, and memory levels off. */
export function soakPassed(result: SoakResult): boolean {
  return result.tally.errors === 0 && result.failures.length === 0 && result.heap.levelsOff && result.rss.levelsOff;
}
