import { describe, expect, it } from 'vitest';
import { trialReport, type Tally } from '../../bench/engines/emmett.js';

describe("the report of a trial of the peer's concurrent appends", () => {
  it('counts the appends still in flight at the limit as unfinished, and keeps that count when they fail later', () => {
    // Given a trial cut short with 2 of its 10 appends still in flight
    const tally: Tally = { attempted: 10, succeeded: 5, failures: { SQLITE_BUSY: 3 } };

    // When it is reported, and the 2 then fail
    const report = trialReport(tally, 64, 1.5, true);
    tally.failures['SQLITE_MISUSE'] = 2;

    // Then each append is counted once, as it stood at the limit
    expect(report).toEqual({
      callers: 64,
      attempted: 10,
      succeeded: 5,
      failures: { SQLITE_BUSY: 3, 'unfinished at the time limit': 2 },
      seconds: 1.5,
      cutShort: true,
    });
  });

  it('names no unfinished appends when every caller finished its queue', () => {
    const report = trialReport({ attempted: 4, succeeded: 3, failures: { SQLITE_BUSY: 1 } }, 2, 0.4, false);
    expect(report.failures).toEqual({ SQLITE_BUSY: 1 });
  });
});
