import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '../../src/api/app.js';
import { startApi, TOKENS, type TestApi } from '../api/support/api.js';

/**
 * A client that sends headers and then trickles its body must not keep a connection for ever.
 * Node enforces the request timeout on its own clock (checked every 30 s), too slow to wait for
 * here; the test checks the server has one, and that the request is refused before its body.
 */
let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('slow clients', () => {
  it('the server has a request timeout of at most a minute', async () => {
    api = await startApi({ tokens: TOKENS });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThan(0);
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(60_000);
    expect(api.app.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
  });

  it('an unauthenticated write is answered 401 before its body arrives', async () => {
    api = await startApi({ tokens: TOKENS });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.app.server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    const firstLine = await new Promise<string>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => resolve(chunk.toString().split('\r\n')[0]!));
      socket.on('error', reject);
      socket.write('POST /commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"type":');
    });
    socket.destroy();
    expect(firstLine).toBe('HTTP/1.1 401 Unauthorized');
    expect(await api.ledger.store.headPosition()).toBeNull();
  });
});
