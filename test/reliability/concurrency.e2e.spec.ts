import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import { SEED_COMMANDS } from '../api/support/api.js';
import { tempDir } from '../cli/run-ledger.js';
import { amendClaim, assertClaim, exact } from '../support/commands.js';
import { allEvents, postCommands, type HttpResult, type LogEvent } from './support/http.js';
import { startServe } from './support/serve-process.js';

/**
 * Races over real HTTP (a server on a loopback port, 100 requests on the wire at once), so
 * that the requests interleave as they do in production, not one inject() after another.
 */
const RACERS = 100;
const temp = tempDir('ledger-race-');
let server: RunningServer;
let file = 0;
afterAll(temp.remove);

beforeEach(async () => {
  const store = `sqlite:${join(temp.dir, `race-${++file}.db`)}`;
  server = await startServer(loadConfig({ LEDGER_STORE: store, PORT: '0', LEDGER_LOG_LEVEL: 'silent' }), { handleSignals: false });
  expect((await postCommands(server.url, SEED_COMMANDS)).status).toBe(201);
});
afterEach(async () => {
  await server.close();
});

const TARGET = 't1.count.awadi';
const amendTarget = (claimId: string, n: number) =>
  amendClaim(claimId, TARGET, exact(n), { reportId: 'seed-article', sourceId: 'gov-spokesperson', hedge: 'confirmed' });

const claimUrl = (id: string) => `${server.url}/claims/${id}`;
const etagOf = async (id: string) => (await fetch(claimUrl(id))).headers.get('etag')!;
const codeOf = (response: HttpResult) => (JSON.parse(response.text) as { code: string }).code;

/** No event twice: ids, command ids and claim ids are each unique in the log. */
function expectNoDuplicates(events: LogEvent[]): void {
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  expect(new Set(events.map((e) => e.metadata.commandId)).size).toBe(events.length);
  const claims = events.filter((e) => e.type === 'ClaimAsserted' || e.type === 'ClaimAmended').map((e) => e.data.claimId);
  expect(new Set(claims).size).toBe(claims.length);
}

const race = (bodies: unknown[], headers: Record<string, string> = {}) =>
  Promise.all(bodies.map((body) => postCommands(server.url, body, headers)));

describe(`${RACERS} simultaneous amendments of one claim`, () => {
  it('with the same If-Match: one 201, the rest 412 carrying the current ETag; one event recorded', async () => {
    const etag = await etagOf(TARGET);
    const before = await allEvents(server.url);
    const responses = await race(
      Array.from({ length: RACERS }, (_, i) => amendTarget(`race.if-match.${i}`, 200 + i)),
      { 'if-match': etag },
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(RACERS - 1);

    const current = await etagOf(TARGET);
    expect(current).not.toBe(etag);
    for (const response of responses.filter((r) => r.status === 412)) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('etag')).toBe(current);
      expect(JSON.parse(response.text)).toMatchObject({ code: 'PRECONDITION_FAILED', currentEtag: current });
    }
    const after = await allEvents(server.url);
    expect(after).toHaveLength(before.length + 1);
    expectNoDuplicates(after);
    const winner = JSON.parse(responses.find((r) => r.status === 201)!.text).outcomes[0].id as string;
    const claim = (await (await fetch(claimUrl(TARGET))).json()) as { amendedBy: string[] };
    expect(claim.amendedBy).toEqual([winner]);
  });

  it('without If-Match (each a new claim id, decided on the revision it read): one 201, the rest 409', async () => {
    const before = await allEvents(server.url);
    const responses = await race(Array.from({ length: RACERS }, (_, i) => amendTarget(`race.no-if-match.${i}`, 300 + i)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(RACERS - 1);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(['CLAIM_ALREADY_AMENDED', 'WRONG_EXPECTED_VERSION']).toContain(codeOf(response));
    }
    const after = await allEvents(server.url);
    expect(after).toHaveLength(before.length + 1);
    expectNoDuplicates(after);
  });

  it('one claim id sent with different bodies at once: one 201, the rest 409 ID_CONFLICT', async () => {
    const responses = await race(Array.from({ length: RACERS }, (_, i) => amendTarget('race.same-id', 400 + i)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused.every((r) => r.status === 409)).toBe(true);
    expectNoDuplicates(await allEvents(server.url));
  });
});

describe(`${RACERS} simultaneous appends`, () => {
  it('to different subjects all succeed, each recorded once', async () => {
    const before = await allEvents(server.url);
    const claims = Array.from({ length: RACERS }, (_, i) =>
      assertClaim(`race.subject.${i}`, `transfer:race-${i}`, 'detainees.count', exact(i), {
        reportId: 'seed-article',
        sourceId: 'gov-spokesperson',
      }),
    );
    const responses = await race(claims);
    expect(responses.map((r) => r.status)).toEqual(claims.map(() => 201));
    const after = await allEvents(server.url);
    expect(after).toHaveLength(before.length + RACERS);
    expectNoDuplicates(after);
    const transfers = (await (await fetch(`${server.url}/transfers`)).json()) as { transfers: { subject: string }[] };
    expect(transfers.transfers.filter((t) => t.subject.startsWith('transfer:race-'))).toHaveLength(RACERS);
  });

  it('to one subject (one stream): conflicts are retried inside the server, and no write is dropped silently', async () => {
    const before = await allEvents(server.url);
    const claims = Array.from({ length: RACERS }, (_, i) =>
      assertClaim(`race.one-stream.${i}`, 'transfer:race-shared', 'detainees.count', exact(i), {
        reportId: 'seed-article',
        sourceId: 'gov-spokesperson',
      }),
    );
    const responses = await race(claims);
    const statuses = responses.map((r) => r.status);
    // Whoever loses every retry must be told so (409), never silently dropped.
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const after = await allEvents(server.url);
    expect(after).toHaveLength(before.length + statuses.filter((s) => s === 201).length);
    expectNoDuplicates(after);
  });

  it('the same commands sent twice at once (a client retrying early): each recorded once', async () => {
    const claims = Array.from({ length: RACERS / 2 }, (_, i) =>
      assertClaim(`race.retry.${i}`, `transfer:retry-${i}`, 'status', 'planned', { reportId: 'seed-article', sourceId: 'gov-spokesperson' }),
    );
    const before = await allEvents(server.url);
    const responses = await race([...claims, ...claims]);
    // Of each pair, one records it (201) and the other finds it recorded (200).
    claims.forEach((_, i) => {
      const pair = [responses[i]!.status, responses[i + claims.length]!.status].sort();
      expect(pair, claims[i]!.claimId).toEqual([200, 201]);
    });
    const after = await allEvents(server.url);
    expectNoDuplicates(after);
    expect(after.slice(before.length).map((e) => e.data.claimId).sort()).toEqual(claims.map((c) => c.claimId).sort());
  });
});

describe('clients that hang up mid-request', () => {
  it('leave the server answering and nothing twice; sending again records each claim once', async () => {
    const claims = Array.from({ length: RACERS }, (_, i) =>
      assertClaim(`race.abort.${i}`, `transfer:abort-${i % 10}`, 'detainees.count', exact(i), { reportId: 'seed-article', sourceId: 'gov-spokesperson' }),
    );
    await Promise.allSettled(
      claims.map((claim, i) =>
        fetch(`${server.url}/commands`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(claim),
          signal: AbortSignal.timeout(1 + (i % 20)),
        }).then((response) => response.text()),
      ),
    );
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expectNoDuplicates(await allEvents(server.url));
    const again = await race(claims);
    expect(again.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    const events = await allEvents(server.url);
    expectNoDuplicates(events);
    const recorded = new Set(events.map((e) => e.data.claimId));
    for (const claim of claims) expect(recorded.has(claim.claimId)).toBe(true);
  });
});

describe('two server processes on one sqlite file', () => {
  it('racing amendments of one claim through both: exactly one wins in all, no event twice', { timeout: 60_000 }, async () => {
    const store = `sqlite:${join(temp.dir, 'two-servers.db')}`;
    const first = await startServe({ store });
    const second = await startServe({ store });
    try {
      expect((await postCommands(first.url, SEED_COMMANDS)).status).toBe(201);
      // The second server follows the file: wait until it knows the claim before racing.
      await vi.waitFor(async () => expect((await fetch(`${second.url}/claims/${TARGET}`)).status).toBe(200), { timeout: 10_000 });
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => postCommands(i % 2 ? first.url : second.url, amendTarget(`race.two-servers.${i}`, 500 + i))),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(RACERS - 1);
      const events = await allEvents(first.url);
      expectNoDuplicates(events);
      expect(events.filter((e) => e.type === 'ClaimAmended')).toHaveLength(1);
      // Both servers end up showing the same single amendment.
      for (const url of [first.url, second.url]) {
        await vi.waitFor(async () => {
          const claim = (await (await fetch(`${url}/claims/${TARGET}`)).json()) as { amendedBy: string[] };
          expect(claim.amendedBy).toHaveLength(1);
        });
      }
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
