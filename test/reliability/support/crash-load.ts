import { postCommands } from './http.js';
import { SeededRandom } from '../../../bench/random.js';

/** One POST /commands as a client sent it, and what it learnt. */
export interface SentRequest {
  commands: Record<string, unknown>[];
  /** HTTP status, when an answer came back; undefined when the connection died first. */
  status?: number;
  body?: string;
}

export const CRASH_SOURCE = { type: 'RegisterSource', sourceId: 'crash-source', name: 'Crash test source', kind: 'other', reliability: 'C' };
export const CRASH_REPORT = { type: 'RecordReport', reportId: 'crash-report', outlet: 'Crash test wire' };

const HEDGES = ['confirmed', 'stated', 'reported', 'indicated', 'unconfirmed'] as const;
const STATUSES = ['planned', 'underway', 'completed'] as const;

/** Deterministic per seed, so a failing round can be replayed from the seed it printed. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

export interface LoadOptions {
  url: string;
  round: number;
  writers: number;
  random: () => number;
  /** Set once the server has been killed: writers stop instead of sending more. */
  stopped: () => boolean;
}

/**
 * Concurrent writers, each on subjects of its own (so nothing but the crash can refuse a
 * write): single claims, batches of claims on several subjects (several streams), and
 * amendments of the writer's own acknowledged claims. Every request is recorded with
 * what came back; the ones without an answer were in flight when the server died.
 */
export async function runWriters(options: LoadOptions): Promise<SentRequest[]> {
  const sent: SentRequest[] = [];
  const writer = async (w: number) => {
    const amendable: string[] = [];
    for (let i = 0; !options.stopped(); i++) {
      const id = (j: number) => `crash.r${options.round}.w${w}.${i}.${j}`;
      const roll = options.random();
      let commands: Record<string, unknown>[];
      if (roll < 0.15 && amendable.length > 0) {
        const target = amendable.pop()!;
        commands = [amendment(id(0), target, options.random)];
      } else {
        const size = roll < 0.6 ? 1 : 2 + Math.floor(options.random() * 3);
        commands = Array.from({ length: size }, (_, j) => claim(id(j), `transfer:crash-w${w}-${j}`, options.random));
      }
      const request: SentRequest = { commands };
      sent.push(request);
      try {
        const response = await postCommands(options.url, commands.length === 1 ? commands[0] : commands);
        request.status = response.status;
        request.body = response.text;
      } catch {
        return; // the connection died with the server
      }
      if (request.status < 300) {
        for (const command of commands) if (command.property === 'detainees.count' || command.type === 'AmendClaim') amendable.push(String(command.claimId));
      } else if (options.stopped()) return;
    }
  };
  await Promise.all(Array.from({ length: options.writers }, (_, w) => writer(w)));
  return sent;
}

function claim(claimId: string, subject: string, random: () => number): Record<string, unknown> {
  const counted = random() < 0.7;
  return {
    type: 'AssertClaim',
    claimId,
    subject,
    property: counted ? 'detainees.count' : 'status',
    value: counted ? { kind: 'exact', n: Math.floor(random() * 500) } : STATUSES[Math.floor(random() * STATUSES.length)],
    reportId: CRASH_REPORT.reportId,
    sourceId: CRASH_SOURCE.sourceId,
    hedge: HEDGES[Math.floor(random() * HEDGES.length)],
  };
}

function amendment(claimId: string, amends: string, random: () => number): Record<string, unknown> {
  return {
    type: 'AmendClaim',
    claimId,
    amends,
    value: { kind: 'range', min: 10, max: 10 + Math.floor(random() * 90) },
    reportId: CRASH_REPORT.reportId,
    sourceId: CRASH_SOURCE.sourceId,
    hedge: 'stated',
    reason: 'crash test amendment',
  };
}
