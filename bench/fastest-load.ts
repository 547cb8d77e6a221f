/** One HTTP load's figures: a measured run, or the fastest of several (see fastestLoad). */
export interface Load {
  /** How long each measured run lasted. */
  seconds: number;
  /** Measured runs; the figures are the fastest one's, the failures those of all of them. */
  runs: number;
  rate: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Server CPU time (all its threads) per request of the measured run, in µs. */
  cpuMicrosPerRequest: number;
  /** Requests per durable commit in the measured run, where the server counts commits. */
  requestsPerCommit?: number;
}

/**
 * Runs of one load on one server as one: the fastest run's figures, and the failures of every
 * run, so that a failure is never left out because another run went faster.
 */
export function fastestLoad(runs: readonly Load[]): Load {
  const fastest = runs.reduce((best, run) => (run.rate > best.rate ? run : best));
  const sum = (key: 'non2xx' | 'errors') => runs.reduce((total, run) => total + run[key], 0);
  return { ...fastest, runs: runs.length, non2xx: sum('non2xx'), errors: sum('errors') };
}
