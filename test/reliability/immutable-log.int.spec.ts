import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asWriter, seed, startApi, TOKENS, type TestApi } from '../api/support/api.js';
import { concretePaths } from './support/routes.js';

/** No route of the API can change or remove an event: the log only ever grows by POST /commands. */
let api: TestApi;
let paths: string[];
const SAMPLES: Record<string, string> = { id: 't1.count.awadi', subject: 'transfer:syria-iraq-1' };

beforeAll(async () => {
  api = await startApi({ tokens: TOKENS });
  await seed(api.app, asWriter);
  paths = concretePaths(api.app, (param) => SAMPLES[param] ?? 'x');
});
afterAll(async () => {
  await api.close();
});

describe('no route updates or deletes an event', () => {
  it('the route tree was read whole', () => {
    for (const path of ['/commands', '/events', '/claims/t1.count.awadi', '/transfers/t1.count.awadi', '/health', '/docs/json']) {
      expect(paths).toContain(path);
    }
  });

  it.each(['PUT', 'PATCH', 'DELETE'] as const)('%s on every route, with a writer token: 404 or 405 problem+json, the log unchanged', async (method) => {
    const before = (await api.app.inject({ url: '/events?limit=1000' })).body;
    const head = await api.ledger.store.headPosition();
    for (const path of [...paths, '/events?from=1', '/events/1', '/claims/t1.count.awadi/history']) {
      const response = await api.app.inject({
        method,
        url: path,
        headers: { ...asWriter, 'content-type': 'application/json' },
        payload: JSON.stringify({ claimId: 't1.count.awadi', value: { kind: 'exact', n: 1 } }),
      });
      expect([404, 405], `${method} ${path}`).toContain(response.statusCode);
      expect(String(response.headers['content-type']), `${method} ${path}`).toMatch(/^application\/problem\+json/);
    }
    expect(await api.ledger.store.headPosition()).toBe(head);
    expect((await api.app.inject({ url: '/events?limit=1000' })).body).toBe(before);
  });

  it('POST anywhere but /commands changes nothing either', async () => {
    const head = await api.ledger.store.headPosition();
    for (const path of paths.filter((p) => p !== '/commands')) {
      const response = await api.app.inject({ method: 'POST', url: path, headers: { ...asWriter, 'content-type': 'application/json' }, payload: '{}' });
      expect([404, 405], `POST ${path}`).toContain(response.statusCode);
    }
    expect(await api.ledger.store.headPosition()).toBe(head);
  });
});
