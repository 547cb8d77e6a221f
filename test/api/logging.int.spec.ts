import { afterEach, describe, expect, it } from 'vitest';
import { post, seed, startApi, type TestApi } from './support/api.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/**
 * An API logging at `level` into a list of lines, which has recorded the seed story and
 * answered GET /transfers; `ownLoggers` says, request by request, whether each got a logger
 * of its own rather than the app's.
 */
async function servedAtLevel(level: string): Promise<{ lines: string[]; ownLoggers: boolean[] }> {
  const lines: string[] = [];
  const ownLoggers: boolean[] = [];
  const started = await startApi({ logger: { level, stream: { write: (line) => lines.push(line) } } });
  api = started;
  started.app.addHook('onRequest', async (request) => {
    ownLoggers.push(request.log !== started.app.log);
  });
  await seed(started.app);
  await started.app.inject({ url: '/transfers' });
  return { lines, ownLoggers };
}

describe('the API log', () => {
  it('at level info writes a line per request, through a logger of its own', async () => {
    const { lines, ownLoggers } = await servedAtLevel('info');
    expect(ownLoggers).toEqual([true, true]);
    expect(lines.filter((line) => line.includes('"request completed"'))).toHaveLength(2);
  });

  it('at level silent writes nothing and gives no request a logger of its own', async () => {
    const { lines, ownLoggers } = await servedAtLevel('silent');
    await post(api!.app, { type: 'RegisterSource' });
    api!.app.log.error('an error logged by the app itself');
    expect(ownLoggers).toEqual([false, false, false]);
    expect(lines).toEqual([]);
  });
});
