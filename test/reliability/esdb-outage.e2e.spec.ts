import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from 'testcontainers';
import { openEventStore } from '../../src/store/index.js';
import { post, problemOf, SEED_COMMANDS, startApi, withAppend } from '../api/support/api.js';
import { CLI_MAIN, ensureBuilt } from '../cli/build-once.js';
import { registerSource } from '../support/commands.js';
import { allEvents, postCommands } from './support/http.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { closedPort } from '../support/closed-port.js';

const IMAGE = process.env.LEDGER_ESDB_IMAGE ?? 'eventstore/eventstore:24.10';

describe('EventStoreDB unreachable: what a client of the API sees', () => {
  it('a write the real esdb client cannot deliver is 503 with Retry-After; reads keep answering', { timeout: 60_000 }, async () => {
    // Reads and the projections come from a local store; only the append goes to a server
    // that is not there, through the real @eventstore/db-client and the engine's error mapping.
    const esdb = await openEventStore(`esdb://127.0.0.1:${await closedPort()}?tls=false`);
    const local = await openEventStore('sqlite::memory:');
    const api = await startApi({ store: withAppend(local, (stream, events, options) => esdb.appendToStream(stream, events, options)) });
    try {
      const response = await post(api.app, registerSource('s1'));
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(problemOf(response)).toMatchObject({ code: 'STORE_UNAVAILABLE', detail: expect.stringMatching(/EventStoreDB is unavailable/) });
      expect((await api.app.inject({ url: '/transfers' })).statusCode).toBe(200);
      expect((await api.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await api.close();
      await esdb.close();
    }
  });
});

describe('EventStoreDB unreachable when the ledger opens', () => {
  it.each([
    ['serve', '--port', '0'],
    ['query', 'counts'],
  ])('ledger %s exits with the reason (exit 8) instead of hanging', { timeout: 60_000 }, async (...args) => {
    await ensureBuilt();
    const store = `esdb://127.0.0.1:${await closedPort()}?tls=false`;
    const child = spawn(process.execPath, [CLI_MAIN, ...args, '--store', store], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const hung = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(hung);
    expect(code, `still running 30 s after: ${stderr}`).toBe(8);
    expect(stderr).toMatch(/EventStoreDB is unavailable/);
    expect(stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  });
});

/** Null when a container runtime answers; otherwise why the EventStoreDB outage test cannot run. */
async function missingRuntime(): Promise<string | null> {
  try {
    await getContainerRuntimeClient();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
}
const noRuntime = await missingRuntime();

describe.skipIf(noRuntime !== null)(
  `ledger serve on EventStoreDB through a network outage${noRuntime ? ` [SKIPPED: no container runtime for ${IMAGE} (${noRuntime})]` : ''}`,
  () => {
    let container: StartedTestContainer | undefined;
    let proxy: TcpProxy | undefined;
    let server: ServeProcess | undefined;
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await proxy?.close();
      await container?.stop();
    });

    it('503 with Retry-After while the server is gone, reads keep working, and writes recover by themselves', { timeout: 300_000 }, async () => {
      container = await new GenericContainer(IMAGE)
        .withEnvironment({ EVENTSTORE_CLUSTER_SIZE: '1', EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None' })
        .withExposedPorts(2113)
        .withWaitStrategy(Wait.forAll([Wait.forHealthCheck(), Wait.forListeningPorts()]))
        .withStartupTimeout(120_000)
        .start();
      proxy = await startTcpProxy(container.getHost(), container.getMappedPort(2113));
      server = await startServe({ store: `esdb://127.0.0.1:${proxy.port}?tls=false` });
      expect((await postCommands(server.url, SEED_COMMANDS)).status).toBe(201);

      await proxy.down();
      const refused = await postCommands(server.url, registerSource('during-outage'));
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(refused.text)).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect((await fetch(`${server.url}/transfers`)).status).toBe(200);

      await proxy.up();
      await vi.waitFor(
        async () => expect((await postCommands(server!.url, registerSource('after-outage'))).status).toBe(201),
        { timeout: 60_000, interval: 1_000 },
      );
      const events = await allEvents(server.url);
      expect(events.filter((e) => e.data.sourceId === 'after-outage')).toHaveLength(1);
      expect(events.filter((e) => e.data.sourceId === 'during-outage')).toHaveLength(0);
    });
  },
);
