import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/runtime/ledger.js';
import { stringifyJson } from '../../src/runtime/json.js';
import { runLedger, tempDir } from '../cli/run-ledger.js';
import { CRASH_REPORT, CRASH_SOURCE, runWriters, seededRandom, type SentRequest } from './support/crash-load.js';
import { allEvents, getJson, postCommands, type LogEvent } from './support/http.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import { countFromEnv } from './support/counts.js';

/**
 * Crash safety of `ledger serve` on sqlite, from the outside: concurrent clients write, the
 * server is killed with SIGKILL at a random moment, a new one is started on the same file,
 * and what the clients were told is held against what the log holds.
 */
const ROUNDS = countFromEnv('LEDGER_CRASH_ROUNDS', { full: 20, ci: 5 });
const WRITERS = 12;
const temp = tempDir('ledger-crash-');
const path = join(temp.dir, 'ledger.db');
const store = `sqlite:${path}`;
// A checkpoint is saved on a clean stop, and otherwise only after 50,000 new events (more than
// this test writes), so after a SIGKILL the next server starts from an older checkpoint and
// must catch up the rest from the log.
const env = { LEDGER_CHECKPOINT: join(temp.dir, 'checkpoint.bin') };
let server: ServeProcess | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
  temp.remove();
});

const claimIdOf = (command: Record<string, unknown>) => String(command.claimId);

/** What the restarted server's views say against a ledger rebuilt from the file, in this process. */
async function expectViewsEqualFreshRebuild(url: string): Promise<void> {
  const fresh = await Ledger.open({ store });
  try {
    const health = await getJson<{ lastPosition: number; projectedPosition: number; status: string }>(`${url}/health`);
    expect(health).toMatchObject({ status: 'ok', lastPosition: Number(fresh.projector.position), projectedPosition: health.lastPosition });
    for (const [route, body] of [
      ['/counts', fresh.counts()],
      ['/transfers', fresh.transfers()],
      ['/facilities', fresh.facilities()],
    ] as const) {
      expect(await getJson(`${url}${route}`), route).toEqual(JSON.parse(stringifyJson(body)));
    }
  } finally {
    await fresh.close();
  }
}

/** Positions 1..n without a gap, each stream's revisions 0..k without a gap, one event per command. */
function expectWellFormedLog(events: LogEvent[]): void {
  expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
  const revisions = new Map<string, number>();
  for (const event of events) {
    const next = revisions.get(event.streamId) ?? 0;
    expect(event.revision, `${event.streamId} at ${event.position}`).toBe(next);
    revisions.set(event.streamId, next + 1);
  }
  const commandIds = events.map((e) => e.metadata.commandId);
  expect(new Set(commandIds).size).toBe(events.length);
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
}

/**
 * Every command sent shows up at most once, and whole: its event holds exactly the fields
 * sent (no half-written command). Acknowledged ones show up exactly once.
 */
function expectCommandsInLog(events: LogEvent[], sent: SentRequest[], mustBePresent: (request: SentRequest) => boolean): void {
  const byClaim = new Map<string, LogEvent[]>();
  for (const event of events) {
    if (event.type !== 'ClaimAsserted' && event.type !== 'ClaimAmended') continue;
    const id = String(event.data.claimId);
    byClaim.set(id, [...(byClaim.get(id) ?? []), event]);
  }
  for (const request of sent) {
    for (const command of request.commands) {
      const found = byClaim.get(claimIdOf(command)) ?? [];
      expect(found.length, `${claimIdOf(command)} (${request.status ?? 'no answer'})`).toBe(mustBePresent(request) ? 1 : found.length > 0 ? 1 : 0);
      if (found[0]) {
        const { type: _type, ...fields } = command;
        expect(found[0].data).toMatchObject(fields);
      }
    }
  }
}

describe(`ledger serve killed with SIGKILL mid-write (${ROUNDS} rounds)`, () => {
  it('loses no acknowledged claim, shows no half-written command, verifies, and rebuilds to the same views', { timeout: 60_000 + ROUNDS * 20_000 }, async () => {
    server = await startServe({ store, env });
    expect((await postCommands(server.url, [CRASH_SOURCE, CRASH_REPORT])).status).toBe(201);
    const everything: SentRequest[] = [];
    const tally = { inFlight: 0, landedUnanswered: 0 };
    const seed = randomInt(1, 2 ** 31);

    for (let round = 1; round <= ROUNDS; round++) {
      const random = seededRandom(seed + round);
      const context = `round ${round} (seed ${seed + round})`;
      let killed = false;
      const killAfterMs = 50 + Math.floor(random() * 600);
      const running = server;
      const killer = (async () => {
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        killed = true;
        await running.stop('SIGKILL');
      })();
      const sent = await runWriters({ url: running.url, round, writers: WRITERS, random, stopped: () => killed });
      await killer;
      expect((await running.exited).signal, context).toBe('SIGKILL');

      const answered = sent.filter((r) => r.status !== undefined);
      const refused = answered.filter((r) => r.status! >= 300);
      expect(refused.map((r) => `${r.status} ${r.body}`), context).toEqual([]);

      server = await startServe({ store, env });
      let events = await allEvents(server.url);
      expectWellFormedLog(events);
      expectCommandsInLog(events, sent, (r) => r.status !== undefined);

      // A client that got no answer retries: recorded once, whether or not it had landed.
      const inFlight = sent.filter((r) => r.status === undefined);
      const logged = new Set(events.map((e) => String(e.data.claimId)));
      tally.inFlight += inFlight.length;
      tally.landedUnanswered += inFlight.filter((r) => r.commands.some((c) => logged.has(claimIdOf(c)))).length;
      for (const request of inFlight) {
        const retry = await postCommands(server.url, request.commands.length === 1 ? request.commands[0] : request.commands);
        expect([200, 201], `${context}: retry ${retry.text}`).toContain(retry.status);
        request.status = retry.status;
      }
      everything.push(...sent);
      events = await allEvents(server.url);
      expectWellFormedLog(events);
      expectCommandsInLog(events, everything, () => true);

      const verify = await runLedger(['verify', '--json', '--store', store]);
      expect(verify.code, `${context}: ${verify.stderr}`).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, events: events.length, head: { position: events.length } });
      await expectViewsEqualFreshRebuild(server.url);

      // Now and then a clean stop, which saves a checkpoint the later restarts start from.
      if (round % 4 === 0) {
        expect((await server.stop('SIGTERM')).code, context).toBe(0);
        server = await startServe({ store, env });
        await expectViewsEqualFreshRebuild(server.url);
      }
    }
    const acknowledged = everything.filter((r) => r.status! < 300).flatMap((r) => r.commands).length;
    console.info(
      `[crash] ${ROUNDS} rounds: ${acknowledged} claims acknowledged or retried, all present exactly once; ` +
        `${tally.inFlight} requests in flight at a kill, ${tally.landedUnanswered} of them had landed unanswered`,
    );
  });
});
