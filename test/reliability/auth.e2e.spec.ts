import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COMMANDS } from '../api/support/api.js';
import { tempDir } from '../cli/run-ledger.js';
import { allEvents, postCommands } from './support/http.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

/**
 * Auth of a real `ledger serve` with LEDGER_TOKENS, bound to loopback, logging at trace
 * level (the most it ever logs). Everything it prints is captured and searched for secrets.
 */
const WRITER = 'w-7f3a9c1e5b2d4f6a8c0e2b4d6f8a0c2e';
const READER = 'r-1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a';
const NEAR_MISS = `${WRITER.slice(0, -1)}0`;
const temp = tempDir('ledger-auth-');
let server: ServeProcess;

beforeAll(async () => {
  server = await startServe({
    store: `sqlite:${join(temp.dir, 'ledger.db')}`,
    env: { LEDGER_TOKENS: `alice:writer:${WRITER},bob:reader:${READER}`, LEDGER_LOG_LEVEL: 'trace' },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  temp.remove();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const source = (id: string) => ({ type: 'RegisterSource', sourceId: id, name: `Source ${id}`, kind: 'other' });

describe('writes need a writer token', () => {
  it('none: 401 with a Bearer challenge; a reader token: 403; unknown or near-miss tokens: 401; nothing recorded', async () => {
    const none = await postCommands(server.url, source('s0'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(JSON.parse(none.text)).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await postCommands(server.url, source('s0'), bearer(READER))).status).toBe(403);
    for (const authorization of [`Bearer ${NEAR_MISS}`, `Bearer ${WRITER}x`, `Basic ${WRITER}`, WRITER, 'Bearer', `Bearer ${WRITER} ${WRITER}`]) {
      expect((await postCommands(server.url, source('s0'), { authorization })).status, authorization).toBe(401);
    }
    expect(await allEvents(server.url)).toEqual([]);
  });

  it('a writer token records, with the token\'s name as the actor', async () => {
    expect((await postCommands(server.url, SEED_COMMANDS, bearer(WRITER))).status).toBe(201);
    const events = await allEvents(server.url);
    expect(events).toHaveLength(SEED_COMMANDS.length);
    expect(new Set(events.map((e) => e.metadata.actor))).toEqual(new Set(['alice']));
  });
});

describe('no token or secret ever reaches the log', () => {
  it('after authenticated, refused and failing requests, the whole output holds no token', async () => {
    // Requests of every kind, each carrying a secret somewhere a careless logger would print it.
    await postCommands(server.url, source('s1'), bearer(WRITER));
    await postCommands(server.url, '{"type":', bearer(WRITER));
    await postCommands(server.url, source('s 2'), bearer(WRITER));
    await postCommands(server.url, source('s3'), bearer(READER));
    await postCommands(server.url, source('s4'), bearer(NEAR_MISS));
    await postCommands(server.url, source('s5'), { authorization: `Basic ${Buffer.from(`alice:${WRITER}`).toString('base64')}` });
    await postCommands(server.url, source('s6'), { ...bearer(WRITER), cookie: `session=${WRITER}` });
    await fetch(`${server.url}/transfers`, { headers: bearer(READER) });
    await fetch(`${server.url}/claims/nope`, { headers: bearer(WRITER) });
    await fetch(`${server.url}/nowhere`, { headers: bearer(WRITER) });
    await fetch(`${server.url}/events`, { method: 'DELETE', headers: bearer(WRITER) });
    await server.stop('SIGTERM');

    const output = server.output();
    expect(output).toContain('listening on');
    // Trace level logs every request: the log did see these requests.
    expect(output.split('\n').filter((line) => line.includes('incoming request')).length).toBeGreaterThanOrEqual(11);
    for (const secret of [WRITER, READER, NEAR_MISS, WRITER.slice(2, 18), Buffer.from(`alice:${WRITER}`).toString('base64')]) {
      expect(output, secret).not.toContain(secret);
    }
    // "Bearer" shows up only in the help text of 401s, never followed by a credential.
    expect(output).not.toMatch(/Bearer (?!<token>)/);
  });
});
