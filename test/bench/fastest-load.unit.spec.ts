import { describe, expect, it } from 'vitest';
import { fastestLoad, type Load } from '../../bench/fastest-load.js';

const run = (rate: number, extra: Partial<Load> = {}): Load => ({
  seconds: 5,
  runs: 1,
  rate,
  p99: 10,
  non2xx: 0,
  errors: 0,
  cpuMicrosPerRequest: 1e6 / rate,
  ...extra,
});

describe('runs of one HTTP load taken as one', () => {
  it("keeps the fastest run's figures and counts the runs", () => {
    const slower = run(4_000, { p99: 30, requestsPerCommit: 9 });
    const faster = run(5_000, { p99: 20, requestsPerCommit: 11 });
    expect(fastestLoad([slower, faster])).toEqual({ ...faster, runs: 2 });
  });

  it('keeps the failures of every run, not only the fastest one’s', () => {
    const failing = run(3_000, { non2xx: 4, errors: 1 });
    const clean = run(5_000);
    expect(fastestLoad([clean, failing])).toMatchObject({ rate: 5_000, non2xx: 4, errors: 1, runs: 2 });
  });
});
