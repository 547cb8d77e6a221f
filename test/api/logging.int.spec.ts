import { afterEach, describe, expect, it } from 'vitest';
import { post, seed, startApi, type TestApi } from './support/api.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Requests as the route sees them: whether each got a logger of its own. */
function requestLoggers(testApi: TestApi): { own: boolean[] } {
  const seen = { own: [] as boolean[] };
  testApi.app.addHook('onRequest', async (request) => {
    seen.own.push(request.log !== testApi.app.log);
  });
  return seen;
}

describe('the API log', () => {
  it('at level info writes a line per request, through a logger of its own', async () => {
    const lines: string[] = [];
    api = await startApi({ logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
    const loggers = requestLoggers(api);
    await seed(api.app);
    await api.app.inject({ url: '/transfers' });
    expect(loggers.own).toEqual([true, true]);
    expect(lines.filter((line) => line.includes('"request completed"'))).toHaveLength(2);
  });

  it('at level silent writes nothing and gives no request a logger of its own', async () => {
    const lines: string[] = [];
    api = await startApi({ logger: { level: 'silent', stream: { write: (line) => lines.push(line) } } });
    const loggers = requestLoggers(api);
    await seed(api.app);
    await api.app.inject({ url: '/transfers' });
    await post(api.app, { type: 'RegisterSource' });
    api.app.log.error('an error logged by the app itself');
    expect(loggers.own).toEqual([false, false, false]);
    expect(lines).toEqual([]);
  });
});
