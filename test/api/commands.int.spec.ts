import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedVersionError, StoreUnavailableError } from '../../src/store/errors.js';
import { openEventStore } from '../../src/store/index.js';
import { amendClaim, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { SEED_COMMANDS, post, problemOf, seed, startApi, withAppend, type TestApi } from './support/api.js';

/** An amendment of the seed story's transfer-1 count, attributed like the seed's claims. */
const amendCount = (claimId: string, amends: string, n: number) =>
  amendClaim(claimId, amends, exact(n), { reportId: 'seed-article', sourceId: 'gov-spokesperson', hedge: 'confirmed' });
const retract = (retractionId: string, claimId: string) =>
  retractClaim(retractionId, claimId, { reportId: 'seed-article', sourceId: 'gov-spokesperson' });

let api: TestApi;
const headPosition = () => api.ledger.store.headPosition();

beforeEach(async () => {
  api = await startApi();
});
afterEach(async () => {
  await api.close();
});

describe('POST /commands, recorded', () => {
  it('records one command and answers 201 with its outcome', async () => {
    const response = await post(api.app, registerSource('s1'));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      outcomes: [{ index: 0, type: 'RegisterSource', id: 's1', status: 'recorded', stream: expect.any(String), position: 1 }],
    });
  });

  it('records the seed story as one batch, and the same batch again changes nothing (200)', async () => {
    const first = await post(api.app, SEED_COMMANDS);
    expect(first.statusCode).toBe(201);
    expect(first.json().outcomes).toHaveLength(SEED_COMMANDS.length);
    const head = await headPosition();

    const again = await post(api.app, SEED_COMMANDS);
    expect(again.statusCode).toBe(200);
    const outcomes = again.json().outcomes as { status: string; position?: number }[];
    expect(outcomes.every((o) => o.status === 'unchanged' && o.position === undefined)).toBe(true);
    expect(await headPosition()).toBe(head);
  });
});

describe('POST /commands, refused whole', () => {
  it('a malformed element: 400 naming every bad index and field path; nothing recorded', async () => {
    const batch = [
      registerSource('s1'),
      recordReport('r1'),
      assertClaim('c1', 'transfer:t1', 'detainees.count', { kind: 'exact', n: -1 }),
      assertClaim('c2', 'transfer:t1', 'status', 'done'),
    ];
    const response = await post(api.app, batch);
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      expect.objectContaining({ index: 2, path: 'value.n' }),
      expect.objectContaining({ index: 3, path: 'value' }),
    ]);
    expect(problem.detail).toContain('command 2, value.n');
    expect(await headPosition()).toBeNull();
  });

  it('an unknown field: 400 naming the field', async () => {
    const response = await post(api.app, { ...registerSource('s1'), reliabilty: 'A' });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([{ path: 'reliabilty', message: 'unknown field' }]);
  });

  it('an unknown field inside a value: 400 on the value path', async () => {
    await post(api.app, [registerSource('s1'), recordReport('r1')]);
    const response = await post(api.app, assertClaim('c1', 'transfer:t1', 'transport', { mode: 'bus', colour: 'red' }));
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.path).toMatch(/^value/);
    expect(problemOf(response).detail).toContain('colour');
  });

  it('a domain rule broken by one element: the status of that rule and its index; nothing recorded', async () => {
    const batch = [registerSource('s1'), recordReport('r1'), assertClaim('c1', 'transfer:t1', 'status', 'planned', { sourceId: 'nobody' })];
    const response = await post(api.app, batch);
    expect(response.statusCode).toBe(422);
    const problem = problemOf(response);
    expect(problem.code).toBe('UNKNOWN_SOURCE');
    expect(problem.errors).toEqual([expect.objectContaining({ index: 2, path: 'sourceId' })]);
    expect(await headPosition()).toBeNull();
  });

  it('a single command that breaks a rule carries no index', async () => {
    const response = await post(api.app, assertClaim('c1', 'transfer:t1', 'status', 'planned'));
    expect(response.statusCode).toBe(422);
    expect(problemOf(response).errors).toEqual([{ path: 'sourceId', message: expect.stringContaining('"s1"') }]);
  });

  it('an empty array, or a body that is not a command: 400', async () => {
    expect(problemOf(await post(api.app, [])).status).toBe(400);
    expect(problemOf(await post(api.app, '"text"', { headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });
});

describe('POST /commands?partial=true', () => {
  it('records the good commands and reports the bad ones by index', async () => {
    const batch = [
      registerSource('s1'),
      { type: 'RecordReport' },
      recordReport('r1'),
      assertClaim('c1', 'transfer:t1', 'status', 'planned', { sourceId: 'nobody' }),
      assertClaim('c2', 'transfer:t1', 'status', 'planned'),
    ];
    const response = await post(api.app, batch, { query: { partial: 'true' } });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.outcomes.map((o: { index: number }) => o.index)).toEqual([0, 2, 4]);
    expect(body.failures).toEqual([
      expect.objectContaining({ index: 1, code: 'VALIDATION_FAILED', status: 400 }),
      expect.objectContaining({ index: 3, code: 'UNKNOWN_SOURCE', status: 422 }),
    ]);
    expect(await headPosition()).toBe(3n);
  });

  it('when nothing passes, answers with the problem', async () => {
    const response = await post(api.app, [{ type: 'Nope' }], { query: { partial: 'true' } });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.index).toBe(0);
  });
});

describe('POST /commands, conflicts', () => {
  beforeEach(async () => {
    await seed(api.app);
  });

  it('amending a claim that was already amended: 409', async () => {
    expect((await post(api.app, amendCount('t1.count.v2', 't1.count.awadi', 151))).statusCode).toBe(201);
    const response = await post(api.app, amendCount('t1.count.v3', 't1.count.awadi', 152));
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).code).toBe('CLAIM_ALREADY_AMENDED');
  });

  it('an id already recorded with a different body: 409', async () => {
    const original = SEED_COMMANDS.find((c) => c.claimId === 't1.count.awadi')!;
    const response = await post(api.app, { ...original, value: exact(151) });
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).code).toBe('ID_CONFLICT');
  });

  it('If-Match with a stale ETag: 412 carrying the current ETag; a fresh one is honoured', async () => {
    const etag = (await api.app.inject({ url: '/claims/t1.count.awadi' })).headers.etag as string;
    const amended = await post(api.app, amendCount('t1.count.v2', 't1.count.awadi', 151), { headers: { 'if-match': etag } });
    expect(amended.statusCode).toBe(201);
    const current = (await api.app.inject({ url: '/claims/t1.count.awadi' })).headers.etag as string;
    expect(current).not.toBe(etag);
    const head = await headPosition();

    const stale = await post(api.app, retract('x1', 't1.count.awadi'), { headers: { 'if-match': etag } });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers.etag).toBe(current);
    expect(problemOf(stale)).toMatchObject({ code: 'PRECONDITION_FAILED', currentEtag: current });
    expect(await headPosition()).toBe(head);

    const fresh = await post(api.app, retract('x1', 't1.count.awadi'), { headers: { 'if-match': current } });
    expect(fresh.statusCode).toBe(201);
  });

  it('If-Match on anything but one amendment or retraction: 400 naming the header', async () => {
    const response = await post(api.app, [retract('x1', 't1.count.awadi')], { headers: { 'if-match': '"1"' } });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([expect.objectContaining({ path: 'If-Match' })]);
  });
});

describe('POST /commands, store failures', () => {
  it('a concurrent change that survives the retries: 409', async () => {
    const store = await openEventStore('sqlite::memory:');
    const racing = await startApi({
      store: withAppend(store, async (stream) => {
        throw new WrongExpectedVersionError(stream, 0n, 1n);
      }),
    });
    try {
      const response = await post(racing.app, registerSource('s1'));
      expect(response.statusCode).toBe(409);
      expect(problemOf(response).code).toBe('WRONG_EXPECTED_VERSION');
    } finally {
      await racing.close();
    }
  });

  it('a store that cannot write: 503 with Retry-After, and reads keep working', async () => {
    const store = await openEventStore('sqlite::memory:');
    const full = await startApi({
      store: withAppend(store, async () => {
        throw new StoreUnavailableError('the disk is full', 7);
      }),
    });
    try {
      const response = await post(full.app, registerSource('s1'));
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('7');
      expect(problemOf(response)).toMatchObject({ code: 'STORE_UNAVAILABLE', detail: 'the disk is full' });
      expect((await full.app.inject({ url: '/transfers' })).statusCode).toBe(200);
    } finally {
      await full.close();
    }
  });

  it('an unexpected error: 500 problem without its message or stack', async () => {
    const store = await openEventStore('sqlite::memory:');
    const broken = await startApi({
      store: withAppend(store, async () => {
        throw new Error('boom in /very/secret/path');
      }),
    });
    try {
      const response = await post(broken.app, registerSource('s1'));
      expect(response.statusCode).toBe(500);
      expect(problemOf(response).code).toBe('INTERNAL');
      expect(response.body).not.toContain('secret');
      expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      await broken.close();
    }
  });
});
