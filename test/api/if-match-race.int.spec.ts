import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { amendClaim, exact } from '../support/commands.js';
import { post, problemOf, seed, startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeEach(async () => {
  api = await startApi();
  await seed(api.app);
});
afterEach(async () => {
  await api.close();
});

const racingAmendment = (i: number) =>
  amendClaim(`t1.count.race-${i}`, 't1.count.awadi', exact(200 + i), {
    reportId: 'seed-article',
    sourceId: 'gov-spokesperson',
    hedge: 'confirmed',
  });

describe('simultaneous amendments of one claim', () => {
  it('with the same If-Match: exactly one wins, every other gets 412 with the current ETag', async () => {
    const etag = (await api.app.inject({ url: '/claims/t1.count.awadi' })).headers.etag as string;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post(api.app, racingAmendment(i), { headers: { 'if-match': etag } }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(99);
    const current = (await api.app.inject({ url: '/claims/t1.count.awadi' })).headers.etag;
    for (const response of responses.filter((r) => r.statusCode === 412)) {
      expect(response.headers.etag).toBe(current);
      expect(problemOf(response).currentEtag).toBe(current);
    }
    const amendedBy = (await api.app.inject({ url: '/claims/t1.count.awadi' })).json().amendedBy;
    expect(amendedBy).toHaveLength(1);
  });

  it('without If-Match: exactly one wins, the others get 409 and nothing is recorded twice', async () => {
    const head = await api.ledger.store.headPosition();
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => post(api.app, racingAmendment(i))));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(await api.ledger.store.headPosition()).toBe(head! + 1n);
  });
});
