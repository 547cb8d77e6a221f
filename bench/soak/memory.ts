/** Memory over a soak run, and whether it levels off. Pure functions: no I/O here. */

export interface MemorySample {
  /** Seconds since the load started. */
  seconds: number;
  /** Events in the log when sampled. */
  events: number;
  /** Bytes still reachable after a full GC. */
  heapUsed: number;
  rss: number;
}

export interface LinearFit {
  slope: number;
  intercept: number;
}

/** Least squares; a flat line through the mean when x does not vary. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  const n = xs.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export interface LevelOffCheck {
  metric: 'heapUsed' | 'rss';
  /** Growth over the steady phase, from the fitted line (so one noisy sample does not decide). */
  steadyGrowthBytes: number;
  /** The part of it the log's own growth explains: bytes per event (fitted on the growth phase) x new events. */
  explainedByLogBytes: number;
  /** What is left: growth no new event explains. */
  unexplainedBytes: number;
  toleranceBytes: number;
  /** Unexplained growth per minute of the steady phase. */
  unexplainedBytesPerMinute: number;
  levelsOff: boolean;
  /** Set when there were too few samples to judge. */
  note?: string;
}

export interface LevelOffOptions {
  /** Samples at or after this second belong to the steady phase. */
  steadyFromSeconds: number;
  /** Allowed unexplained growth: the larger of this many bytes… */
  minToleranceBytes: number;
  /** …and this share of the steady phase's mean. */
  toleranceShare: number;
}

/**
 * A ledger's projections hold every event, so memory must grow with the log; what must not
 * grow is anything else. The growth phase tells how many bytes an event costs; over the
 * steady phase (few new events), growth beyond what its new events explain must stay within
 * the tolerance, or memory is not levelling off.
 */
export function levelOff(samples: readonly MemorySample[], metric: 'heapUsed' | 'rss', options: LevelOffOptions): LevelOffCheck {
  const growth = samples.filter((s) => s.seconds < options.steadyFromSeconds);
  const steady = samples.filter((s) => s.seconds >= options.steadyFromSeconds);
  const empty = { steadyGrowthBytes: 0, explainedByLogBytes: 0, unexplainedBytes: 0, toleranceBytes: 0, unexplainedBytesPerMinute: 0 };
  if (steady.length < 3) return { metric, ...empty, levelsOff: true, note: 'too few samples in the steady phase to judge' };

  const perEvent = growth.length >= 3 ? Math.max(0, linearFit(growth.map((s) => s.events), growth.map((s) => s[metric])).slope) : 0;
  const first = steady[0]!;
  const last = steady.at(-1)!;
  const fit = linearFit(steady.map((s) => s.seconds), steady.map((s) => s[metric]));
  const steadyGrowthBytes = fit.slope * (last.seconds - first.seconds);
  const explainedByLogBytes = perEvent * (last.events - first.events);
  const unexplainedBytes = steadyGrowthBytes - explainedByLogBytes;
  const mean = steady.reduce((sum, s) => sum + s[metric], 0) / steady.length;
  const toleranceBytes = Math.max(options.minToleranceBytes, options.toleranceShare * mean);
  const minutes = (last.seconds - first.seconds) / 60;
  return {
    metric,
    steadyGrowthBytes,
    explainedByLogBytes,
    unexplainedBytes,
    toleranceBytes,
    unexplainedBytesPerMinute: minutes > 0 ? unexplainedBytes / minutes : 0,
    levelsOff: unexplainedBytes <= toleranceBytes,
    ...(growth.length < 3 ? { note: 'too few growth-phase samples to price an event; all steady growth counted' } : {}),
  };
}
