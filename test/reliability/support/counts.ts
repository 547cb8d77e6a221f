/**
 * How many rounds or cases a reliability test runs: the environment variable when set, else
 * the smaller CI figure when CI=true (2 shared cores), else the full one.
 */
export function countFromEnv(variable: string, counts: { full: number; ci: number }): number {
  const override = process.env[variable];
  if (override !== undefined && override.trim() !== '') {
    const n = Number(override);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${variable} must be a whole number of at least 1, not "${override}"`);
    return n;
  }
  return process.env.CI === 'true' ? counts.ci : counts.full;
}
