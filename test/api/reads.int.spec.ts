import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { amendClaim, exact, retractClaim } from '../support/commands.js';
import { asJson } from '../support/ledger.js';
import { post, problemOf, seed, startApi, type TestApi } from './support/api.js';

let api: TestApi;
const get = (url: string) => api.app.inject({ url });

beforeEach(async () => {
  api = await startApi();
  await seed(api.app);
});
afterEach(async () => {
  await api.close();
});

describe('the seed story over HTTP', () => {
  it('transfer 1: 150 detainees, confirmed by the government spokesperson', async () => {
    const response = await get('/transfers/syria-iraq-1');
    expect(response.statusCode).toBe(200);
    expect(response.json().transfer.count).toMatchObject({
      value: { kind: 'exact', n: 150 },
      interval: [150, 150],
      sourceId: 'gov-spokesperson',
      hedge: 'confirmed',
    });
  });

  it('transfer 2: assigned to Al-Hout and Cropper', async () => {
    const { transfers } = (await get('/transfers')).json();
    const second = transfers.find((t: { subject: string }) => t.subject === 'transfer:syria-iraq-2');
    expect(second.facilities.map((f: { facility: string }) => f.facility).sort()).toEqual(['facility:al-hout', 'facility:cropper']);
  });

  it('counts: total [150, 7000], planned at most 7000', async () => {
    const body = (await get('/counts')).json();
    expect(body.total.interval).toEqual([150, 7000]);
    expect(body.planned.value).toEqual({ kind: 'atMost', max: 7000 });
  });

  it('facilities: both prisons, each with transfer 2', async () => {
    const { facilities } = (await get('/facilities')).json();
    expect(facilities.map((f: { subject: string }) => f.subject).sort()).toEqual(['facility:al-hout', 'facility:cropper']);
  });
});

describe('read bodies are the runtime read models, as JSON', () => {
  it.each([
    ['/transfers', () => api.ledger.transfers()],
    ['/transfers/transfer:syria-iraq-1', () => api.ledger.transfer('transfer:syria-iraq-1')],
    ['/counts?asOf=20', () => api.ledger.counts('20')],
    ['/facilities', () => api.ledger.facilities()],
    ['/history/transfer:syria-iraq-1', () => api.ledger.history('transfer:syria-iraq-1')],
    ['/diff?from=10&to=30', () => api.ledger.diff('10', '30')],
    ['/claims/t1.count.awadi', () => api.ledger.claim('t1.count.awadi')],
  ])('%s', async (url, body) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual(asJson(body()));
  });
});

describe('GET /transfers/:id', () => {
  it('takes the bare id or the subject', async () => {
    expect((await get('/transfers/syria-iraq-2')).body).toBe((await get('/transfers/transfer:syria-iraq-2')).body);
  });

  it('an unknown transfer: 404', async () => {
    const response = await get('/transfers/syria-iraq-9');
    expect(response.statusCode).toBe(404);
    expect(problemOf(response).code).toBe('NOT_FOUND');
  });
});

describe('GET /claims/:id', () => {
  it('carries its ETag in the header and the body', async () => {
    const response = await get('/claims/t1.count.awadi');
    expect(response.headers.etag).toMatch(/^"\d+"$/);
    expect(response.json().etag).toBe(response.headers.etag);
    expect(response.json().actor).toBe('anonymous@loopback');
  });

  it('shows each event whole, its type included: the claim, its source and report, its retraction', async () => {
    const retraction = retractClaim('x.t1.count.awadi', 't1.count.awadi', { reportId: 'seed-article', sourceId: 'gov-spokesperson' });
    expect((await post(api.app, retraction)).statusCode).toBe(201);
    const body = (await get('/claims/t1.count.awadi')).json();
    expect(body.claim).toMatchObject({ type: 'ClaimAsserted', claimId: 't1.count.awadi' });
    expect(body.source).toMatchObject({ type: 'SourceRegistered' });
    expect(body.report).toMatchObject({ type: 'ReportRecorded' });
    expect(body.retraction).toMatchObject({ type: 'ClaimRetracted', retractionId: 'x.t1.count.awadi' });
  });

  it('as of a position before it was recorded: 404; before its amendment: not yet amended', async () => {
    const claim = (await get('/claims/t1.count.awadi')).json();
    const amendment = amendClaim('t1.count.v2', 't1.count.awadi', exact(151), {
      reportId: 'seed-article',
      sourceId: 'gov-spokesperson',
      hedge: 'confirmed',
    });
    expect((await post(api.app, amendment)).statusCode).toBe(201);
    expect((await get('/claims/t1.count.awadi')).json().amendedBy).toEqual(['t1.count.v2']);
    expect((await get(`/claims/t1.count.awadi?asOf=${claim.position}`)).json().amendedBy).toEqual([]);
    expect((await get(`/claims/t1.count.awadi?asOf=${claim.position - 1}`)).statusCode).toBe(404);
  });

  it('an unknown claim: 404; an id outside the pattern: 400 naming it', async () => {
    expect(problemOf(await get('/claims/no-such-claim')).status).toBe(404);
    const bad = await get('/claims/bad%20id');
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.[0]?.path).toBe('id');
  });
});

describe('GET /history/:subject', () => {
  it('lists the claims of one property, with who recorded them', async () => {
    const body = (await get('/history/transfer:syria-iraq-1?property=detainees.count')).json();
    expect(Object.keys(body.properties)).toEqual(['detainees.count']);
    expect(body.properties['detainees.count'][0]).toMatchObject({ claimId: 't1.count.awadi', actor: 'anonymous@loopback' });
  });

  it('an unknown subject: 404', async () => {
    expect(problemOf(await get('/history/transfer:nowhere')).status).toBe(404);
  });

  it('pages of one step, each after the next of the one before, add up to the whole history', async () => {
    const whole = (await get('/history/transfer:syria-iraq-1')).json();
    const joined: Record<string, unknown[]> = {};
    let page = (await get('/history/transfer:syria-iraq-1?limit=1')).json();
    let pages = 1;
    // Bounded, so that a cursor that does not move fails rather than loops.
    for (; pages <= 50; ) {
      const positions = new Set(Object.values(page.properties as Record<string, { position: number }[]>).flat().map((e) => e.position));
      expect(positions.size).toBe(1);
      for (const [key, entries] of Object.entries(page.properties as Record<string, unknown[]>)) (joined[key] ??= []).push(...entries);
      if (page.next === null) break;
      expect(page.next).toBe([...positions][0]);
      page = (await get(`/history/transfer:syria-iraq-1?limit=1&after=${page.next}&asOf=${whole.asOf.position}`)).json();
      pages += 1;
    }
    expect(joined).toEqual(whole.properties);
    expect(pages).toBeGreaterThan(3);
    expect(page.next).toBeNull();
    expect(whole).not.toHaveProperty('next');
  });

  it('after alone: the steps after that position, and next null', async () => {
    const whole: { properties: Record<string, { position: number }[]> } = (await get('/history/transfer:syria-iraq-1')).json();
    const first = Math.min(...Object.values(whole.properties).flatMap((entries) => entries.map((e) => e.position)));
    const later = Object.fromEntries(
      Object.entries(whole.properties)
        .map(([key, entries]) => [key, entries.filter((e) => e.position > first)] as const)
        .filter(([, entries]) => entries.length > 0),
    );
    const body = (await get(`/history/transfer:syria-iraq-1?after=${first}`)).json();
    expect(Object.keys(later).length).toBeGreaterThan(0);
    expect(body.properties).toEqual(later);
    expect(body.next).toBeNull();
  });

  it.each([
    ['after=-1', 'after'],
    ['after=12x', 'after'],
    ['limit=0', 'limit'],
    ['limit=10001', 'limit'],
  ])('%s: 400 naming %s', async (query, path) => {
    const response = await get(`/history/transfer:syria-iraq-1?${query}`);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.path).toBe(path);
  });
});

describe('GET /diff', () => {
  it('lists what changed between two positions', async () => {
    const body = (await get('/diff?from=0&to=9')).json();
    expect(body).toMatchObject({ from: 0, to: 9 });
    expect(body.changes.length).toBeGreaterThan(0);
  });

  it('without from: 400 naming from', async () => {
    const response = await get('/diff');
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.path).toBe('from');
  });

  it('pages of one changed subject, each after the next of the one before, add up to the whole diff', async () => {
    const whole = (await get('/diff?from=0')).json();
    const changes: { subject: string }[] = [];
    let page = (await get('/diff?from=0&limit=1')).json();
    let pages = 1;
    // Bounded, so that a cursor that does not move fails rather than loops.
    for (; pages <= 50; ) {
      const subjects = new Set((page.changes as { subject: string }[]).map((c) => c.subject));
      expect(subjects.size).toBe(1);
      changes.push(...page.changes);
      if (page.next === null) break;
      expect(page.next).toBe([...subjects][0]);
      page = (await get(`/diff?from=0&to=${whole.to}&limit=1&after=${encodeURIComponent(page.next)}`)).json();
      pages += 1;
    }
    expect(changes).toEqual(whole.changes);
    expect(pages).toBeGreaterThan(2);
    expect(whole).not.toHaveProperty('next');
  });

  it('a limit of 0: 400 naming limit', async () => {
    const response = await get('/diff?from=0&limit=0');
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.path).toBe('limit');
  });
});

describe('GET /events', () => {
  it('pages through the raw log with a next cursor', async () => {
    const seen: number[] = [];
    let next: number | null = 0;
    while (next !== null) {
      const page: { events: { position: number; metadata: { actor: string } }[]; next: number | null } = (
        await get(`/events?from=${next}&limit=10`)
      ).json();
      expect(page.events.length).toBeLessThanOrEqual(10);
      seen.push(...page.events.map((e) => e.position));
      next = page.next;
    }
    expect(seen).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
  });

  it('events carry their metadata; asOf bounds the page', async () => {
    const page = (await get('/events?from=1&limit=50&asOf=5')).json();
    expect(page.events.map((e: { position: number }) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(page.next).toBeNull();
    expect(page.events[0].metadata).toMatchObject({ actor: 'anonymous@loopback' });
  });

  it('a limit out of range: 400 naming limit', async () => {
    const response = await get('/events?limit=5000');
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.path).toBe('limit');
  });
});

describe('GET /transfers and /facilities in pages', () => {
  type ListBody = { asOf: { position: number }; next?: string | null } & Record<string, unknown>;
  const NEW_CLAIM = { type: 'AssertClaim', reportId: 'seed-article', sourceId: 'outlet', hedge: 'reported', quote: 'Al-Hout Prison' };

  /** Follows `next` from the first page, pinned to its position, and returns every entry seen. */
  async function walk(path: string, list: string, limit: number): Promise<{ subjects: string[]; pages: number }> {
    const first: ListBody = (await get(`${path}?limit=${limit}`)).json();
    const subjects: string[] = [];
    let page = first;
    let pages = 0;
    for (;;) {
      pages += 1;
      const entries = page[list] as { subject: string }[];
      expect(entries.length).toBeLessThanOrEqual(limit);
      subjects.push(...entries.map((e) => e.subject));
      if (page.next === null) return { subjects, pages };
      expect(page.next).toBe(entries[entries.length - 1]!.subject);
      page = (await get(`${path}?limit=${limit}&after=${page.next}&asOf=${first.asOf.position}`)).json();
    }
  }

  it.each([
    ['/transfers', 'transfers'],
    ['/facilities', 'facilities'],
  ])('%s: pages of one add up to the whole list, in its order, even while the log grows', async (path, list) => {
    const whole = (await get(path)).json();
    expect(whole[list]).toHaveLength(2);
    expect(whole).not.toHaveProperty('next');
    const firstPage: ListBody = (await get(`${path}?limit=1`)).json();
    // A claim about a new subject, sorting first, lands between the first page and the next.
    await post(api.app, [
      { ...NEW_CLAIM, claimId: 'aaa.status', subject: 'transfer:aaa', property: 'status', value: 'planned' },
      { ...NEW_CLAIM, claimId: 'aaa.facility', subject: 'facility:aaa', property: 'facility.name', value: 'Al-Hout Prison' },
    ]);
    const second: ListBody = (await get(`${path}?limit=1&after=${firstPage.next}&asOf=${firstPage.asOf.position}`)).json();
    const pinned = [...(firstPage[list] as { subject: string }[]), ...(second[list] as { subject: string }[])];
    expect(pinned).toEqual(whole[list]);
    expect(second.next).toBeNull();
    const { subjects, pages } = await walk(path, list, 2);
    expect(subjects).toEqual((await get(path)).json()[list].map((e: { subject: string }) => e.subject));
    expect(subjects).toHaveLength(3);
    expect(pages).toBe(2);
  });

  it('a page body is the whole body cut at the cursor, with next', async () => {
    const whole = (await get('/transfers')).json();
    const page = (await get('/transfers?limit=1')).json();
    expect(page).toEqual({ asOf: whole.asOf, transfers: whole.transfers.slice(0, 1), next: 'transfer:syria-iraq-1' });
    expect((await get('/transfers?after=transfer:syria-iraq-1')).json()).toEqual({ asOf: whole.asOf, transfers: whole.transfers.slice(1), next: null });
  });

  it('after may leave out the kind, like /transfers/:id, and need not name a listed subject', async () => {
    expect((await get('/transfers?after=syria-iraq-1')).body).toBe((await get('/transfers?after=transfer:syria-iraq-1')).body);
    expect((await get('/facilities?after=al-hout')).json().facilities.map((f: { subject: string }) => f.subject)).toEqual(['facility:cropper']);
    expect((await get('/transfers?after=transfer:syria-iraq-10&limit=5')).json().transfers.map((t: { subject: string }) => t.subject)).toEqual([
      'transfer:syria-iraq-2',
    ]);
    expect((await get('/transfers?after=transfer:zzz&limit=5')).json()).toMatchObject({ transfers: [], next: null });
  });

  it.each(['0', '-1', '1.5', 'ten', '10001', ''])('limit=%s: 400 naming limit, nothing else', async (limit) => {
    const response = await get(`/transfers?limit=${limit}`);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([expect.objectContaining({ path: 'limit' })]);
  });

  it('an empty after: 400 naming after', async () => {
    const response = await get('/facilities?after=');
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([expect.objectContaining({ path: 'after' })]);
  });
});

describe('GET /health', () => {
  it('reports the engine, positions, lag and chain head', async () => {
    const body = (await get('/health')).json();
    expect(body).toMatchObject({ status: 'ok', engine: 'sqlite', lastPosition: 37, projectedPosition: 37, lag: 0 });
    expect(body.chainHead).toMatchObject({ position: 37, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('asOf on every read', () => {
  const reads = [
    '/transfers',
    '/transfers/syria-iraq-1',
    '/counts',
    '/facilities',
    '/claims/t1.count.awadi',
    '/history/transfer:syria-iraq-1',
    '/events',
  ];

  it.each(reads)('%s?asOf=yesterday: 400 naming asOf', async (url) => {
    const response = await get(`${url}?asOf=yesterday`);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([expect.objectContaining({ path: 'asOf' })]);
  });

  it('an ISO time before the first event shows an empty ledger', async () => {
    const body = (await get('/transfers?asOf=2000-01-01T00:00:00Z')).json();
    expect(body).toEqual({ asOf: { position: 0, recordedAt: null, events: 0 }, transfers: [] });
  });

  it('a position shows the views as they stood then', async () => {
    const body = (await get('/counts?asOf=21')).json();
    expect(body.asOf.position).toBe(21);
    expect(body.total.interval).not.toEqual([150, 7000]);
  });
});
