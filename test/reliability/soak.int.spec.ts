import { describe, expect, it } from 'vitest';
import { formatSoakReport } from '../../bench/soak/report.js';
import { runSoak } from '../../bench/soak/run-soak.js';
import { countFromEnv } from './support/counts.js';

/**
 * The soak of `npm run soak`, for a few seconds: a real server in its own process, mixed
 * appends (new claims, batches, re-sends) and reads from concurrent clients. Not one request
 * may fail, the server must stop cleanly, and what it wrote must verify.
 */
const SECONDS = countFromEnv('LEDGER_SOAK_SECONDS', { full: 6, ci: 4 });

describe(`soak (${SECONDS} s)`, () => {
  it('mixed appends and reads against a real server: 0 errors, a clean stop, a chain that verifies', { timeout: 60_000 + SECONDS * 1000 }, async () => {
    const result = await runSoak({ seconds: SECONDS, concurrency: 6, sampleSeconds: 0.5 });
    const report = formatSoakReport(result);
    console.info(report);
    expect(result.tally.errorSamples, report).toEqual([]);
    expect(result.tally.errors).toBe(0);
    expect(result.failures).toEqual([]);
    expect(result.chain.ok).toBe(true);
    expect(result.tally.reads).toBeGreaterThan(0);
    expect(result.tally.newClaims).toBeGreaterThan(0);
    expect(result.tally.resent).toBeGreaterThan(0);
    // The log holds the two setup commands and every new claim a client was told is recorded.
    expect(result.events).toBe(2 + result.tally.newClaims);
    expect(result.samples.length).toBeGreaterThanOrEqual(3);
    expect(report).toMatch(/Errors: 0\n/);
  });
});
