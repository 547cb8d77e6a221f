/**
 * The soak's clients: a fixed number of them, each sending one request at a time (so the load
 * is bounded), a mix of writes and reads. Writes are new claims (single or in batches) and
 * re-sends of claims already recorded, which must come back unchanged (200): the whole write
 * path without growing the log.
 */

export interface WorkloadOptions {
  url: string;
  /** Clients sending at once. */
  concurrency: number;
  /** When to stop (epoch ms). */
  until: number;
  /** From then on (epoch ms) only a trickle of writes is new; the rest are re-sends. */
  steadyFrom: number;
  /** No new claims past this many. */
  maxNewClaims: number;
  random: () => number;
}

export interface WorkloadTally {
  requests: number;
  writes: number;
  reads: number;
  newClaims: number;
  resent: number;
  errors: number;
  /** The first few errors, to say what went wrong. */
  errorSamples: string[];
  /** Request latencies in ms, a bounded reservoir (for percentiles). */
  latencies: number[];
}

export const SOAK_SOURCE = { type: 'RegisterSource', sourceId: 'soak-source', name: 'Soak source', kind: 'other', reliability: 'C' };
export const SOAK_REPORT = { type: 'RecordReport', reportId: 'soak-report', outlet: 'Soak wire' };
const SUBJECTS = 200;
const WRITE_SHARE = 0.4;
const STEADY_NEW_SHARE = 0.1;
const RESERVOIR = 10_000;
const MAX_ERROR_SAMPLES = 10;

type Claim = Record<string, unknown> & { claimId: string; subject: string };

export async function runWorkload(options: WorkloadOptions): Promise<WorkloadTally> {
  const tally: WorkloadTally = { requests: 0, writes: 0, reads: 0, newClaims: 0, resent: 0, errors: 0, errorSamples: [], latencies: [] };
  const recorded: Claim[] = [];
  let next = 0;
  const { random } = options;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const newClaim = (): Claim => {
    const n = next++;
    const subject = `transfer:soak-${n % SUBJECTS}`;
    const counted = random() < 0.6;
    return {
      type: 'AssertClaim',
      claimId: `soak.${n}`,
      subject,
      property: counted ? 'detainees.count' : 'status',
      value: counted ? { kind: 'exact', n: Math.floor(random() * 1000) } : pick(['planned', 'underway', 'completed']),
      reportId: SOAK_REPORT.reportId,
      sourceId: SOAK_SOURCE.sourceId,
      hedge: pick(['confirmed', 'stated', 'reported', 'indicated']),
    };
  };

  const readPath = (): string => {
    const claim = recorded.length > 0 ? pick(recorded) : undefined;
    const roll = random();
    if (roll < 0.1) return '/transfers';
    if (roll < 0.25) return '/counts';
    if (roll < 0.3) return '/facilities';
    if (roll < 0.5) return claim ? `/transfers/${claim.subject.slice('transfer:'.length)}` : '/health';
    if (roll < 0.7) return claim ? `/claims/${claim.claimId}` : '/health';
    if (roll < 0.8) return claim ? `/history/${claim.subject}` : '/health';
    if (roll < 0.95) return `/events?from=${Math.floor(random() * (next + 3))}&limit=50`;
    return '/health';
  };

  const record = (ok: boolean, started: number, what: string) => {
    tally.requests++;
    const ms = performance.now() - started;
    if (tally.latencies.length < RESERVOIR) tally.latencies.push(ms);
    else {
      const slot = Math.floor(random() * tally.requests);
      if (slot < RESERVOIR) tally.latencies[slot] = ms;
    }
    if (!ok) {
      tally.errors++;
      if (tally.errorSamples.length < MAX_ERROR_SAMPLES) tally.errorSamples.push(what);
    }
  };

  const write = async () => {
    const steady = Date.now() >= options.steadyFrom;
    const fresh = next < options.maxNewClaims && (!steady || random() < STEADY_NEW_SHARE || recorded.length === 0);
    const claims = fresh ? Array.from({ length: random() < 0.7 ? 1 : 2 + Math.floor(random() * 4) }, newClaim) : [pick(recorded)];
    const expected = fresh ? 201 : 200;
    const started = performance.now();
    try {
      const response = await fetch(`${options.url}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(claims.length === 1 ? claims[0] : claims),
      });
      const text = await response.text();
      record(response.status === expected, started, `POST /commands: ${response.status} (expected ${expected}) ${text.slice(0, 300)}`);
      if (response.status === expected && fresh) recorded.push(...claims);
    } catch (error) {
      record(false, started, `POST /commands: ${(error as Error).message}`);
    }
    tally.writes++;
    if (fresh) tally.newClaims += claims.length;
    else tally.resent++;
  };

  const read = async () => {
    const path = readPath();
    const started = performance.now();
    try {
      const response = await fetch(`${options.url}${path}`);
      await response.arrayBuffer();
      record(response.status === 200, started, `GET ${path}: ${response.status}`);
    } catch (error) {
      record(false, started, `GET ${path}: ${(error as Error).message}`);
    }
    tally.reads++;
  };

  const client = async () => {
    while (Date.now() < options.until) await (random() < WRITE_SHARE ? write() : read());
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return tally;
}
