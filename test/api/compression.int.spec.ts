import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GZIP_MIN_CHARS } from '../../src/api/compression.js';
import { assertClaim, exact } from '../support/commands.js';
import { post, seed, startApi, type TestApi } from './support/api.js';

let api: TestApi;
/** Claims cite the seed story's outlet and article. */
const SEED_ATTRIBUTION = { sourceId: 'outlet', reportId: 'seed-article', hedge: 'reported' } as const;
const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ url, headers });

/** The seed story and eighty more transfers: a transfers body well over GZIP_MIN_CHARS. */
beforeEach(async () => {
  api = await startApi();
  await seed(api.app);
  const claims = Array.from({ length: 80 }, (_, n) =>
    assertClaim(`extra-${n}.count`, `transfer:extra-${n}`, 'detainees.count', exact(10 + n), {
      ...SEED_ATTRIBUTION,
      quote: 'Iraq received 150 ISIS members in the first transfer',
    }),
  );
  expect((await post(api.app, claims)).statusCode).toBe(201);
});
afterEach(async () => {
  await api.close();
});

describe('large bodies go gzipped to clients that take gzip', () => {
  it('GET /transfers: gzip bytes that inflate to the plain body, byte for byte', async () => {
    const plain = await get('/transfers');
    expect(plain.body.length).toBeGreaterThanOrEqual(GZIP_MIN_CHARS);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');

    const zipped = await get('/transfers', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.rawPayload.length);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
  });

  it('a page, made afresh for each request, goes gzipped too', async () => {
    const plain = await get('/transfers?limit=75');
    expect(plain.body.length).toBeGreaterThanOrEqual(GZIP_MIN_CHARS);
    const zipped = await get('/transfers?limit=75', { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('asked again at the same position: the same bytes', async () => {
    const first = await get('/transfers', { 'accept-encoding': 'gzip' });
    const second = await get('/transfers', { 'accept-encoding': 'gzip' });
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
  });

  it('after a write, the new body: not the bytes of the one before', async () => {
    const before = gunzipSync((await get('/transfers', { 'accept-encoding': 'gzip' })).rawPayload).toString('utf8');
    const claim = assertClaim('extra-late.status', 'transfer:extra-late', 'status', 'completed', SEED_ATTRIBUTION);
    expect((await post(api.app, claim)).statusCode).toBe(201);
    const after = gunzipSync((await get('/transfers', { 'accept-encoding': 'gzip' })).rawPayload).toString('utf8');
    expect(after).toBe((await get('/transfers')).body);
    expect(after).not.toBe(before);
    expect(after).toContain('transfer:extra-late');
  });

  it.each(['identity', 'gzip;q=0', 'br', 'deflate', '*;q=0', 'identity;q=1, gzip;q=0.5'])(
    'Accept-Encoding: %s → the body as it is',
    async (acceptEncoding) => {
      const response = await get('/transfers', { 'accept-encoding': acceptEncoding });
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers.vary).toBe('accept-encoding');
      expect(response.body).toBe((await get('/transfers')).body);
    },
  );

  it('a small body goes as it is, whatever the client takes', async () => {
    const response = await get('/transfers/syria-iraq-1', { 'accept-encoding': 'gzip' });
    expect(response.body.length).toBeLessThan(GZIP_MIN_CHARS);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBeUndefined();
    expect(response.json().transfer.subject).toBe('transfer:syria-iraq-1');
  });
});
