import { afterEach, describe, expect, it } from 'vitest';
import { findToken } from '../../src/api/auth.js';
import { parseTokens } from '../../src/api/tokens.js';
import { registerSource } from '../support/commands.js';
import { READER_TOKEN, TOKENS, WRITER_TOKEN, asReader, asWriter, post, problemOf, startApi, type TestApi } from './support/api.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('writes need a writer token', () => {
  it('no token: 401 with a Bearer challenge; nothing recorded', async () => {
    api = await startApi({ tokens: TOKENS });
    const response = await post(api.app, registerSource('s1'));
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(problemOf(response).code).toBe('UNAUTHORIZED');
    expect(await api.ledger.store.headPosition()).toBeNull();
  });

  it.each([
    ['an unknown token', 'Bearer not-a-token'],
    ['another scheme', `Basic ${WRITER_TOKEN}`],
    ['a bare token', WRITER_TOKEN],
  ])('%s: 401', async (_, authorization) => {
    api = await startApi({ tokens: TOKENS });
    const response = await post(api.app, registerSource('s1'), { headers: { authorization } });
    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain(WRITER_TOKEN);
  });

  it('a reader token: 403', async () => {
    api = await startApi({ tokens: TOKENS });
    const response = await post(api.app, registerSource('s1'), { headers: asReader });
    expect(response.statusCode).toBe(403);
    expect(problemOf(response).code).toBe('FORBIDDEN');
  });

  it('a writer token: recorded, with the token holder as actor in the metadata and the history', async () => {
    api = await startApi({ tokens: TOKENS });
    await post(api.app, [registerSource('s1'), { type: 'RecordReport', reportId: 'r1', outlet: 'o' }], { headers: asWriter });
    const claim = { type: 'AssertClaim', claimId: 'c1', reportId: 'r1', sourceId: 's1', subject: 'transfer:t1', property: 'status', value: 'planned', hedge: 'stated' };
    expect((await post(api.app, claim, { headers: asWriter })).statusCode).toBe(201);
    const events = (await api.app.inject({ url: '/events' })).json().events;
    expect(events.map((e: { metadata: { actor: string } }) => e.metadata.actor)).toEqual(['alice', 'alice', 'alice']);
    const history = (await api.app.inject({ url: '/history/transfer:t1' })).json();
    expect(history.properties.status[0].actor).toBe('alice');
  });

  it('the token is checked before the body is read: an unauthenticated oversized body gets 401', async () => {
    api = await startApi({ tokens: TOKENS, bodyLimit: 1024 });
    const response = await post(api.app, { ...registerSource('s1'), notes: 'x'.repeat(4000) });
    expect(response.statusCode).toBe(401);
  });

  it('a token without a name records its role as the actor', async () => {
    api = await startApi({ tokens: parseTokens('writer:w-token-1') });
    await post(api.app, registerSource('s1'), { headers: { authorization: 'Bearer w-token-1' } });
    expect((await api.app.inject({ url: '/events' })).json().events[0].metadata.actor).toBe('writer');
  });
});

describe('reads', () => {
  it('are open by default, even with tokens configured', async () => {
    api = await startApi({ tokens: TOKENS });
    expect((await api.app.inject({ url: '/transfers' })).statusCode).toBe(200);
  });

  it('with readsNeedToken: 401 without a token, 200 with a reader or writer token; health and docs stay open', async () => {
    api = await startApi({ tokens: TOKENS, readsNeedToken: true });
    expect((await api.app.inject({ url: '/transfers' })).statusCode).toBe(401);
    expect((await api.app.inject({ url: '/transfers', headers: asReader })).statusCode).toBe(200);
    expect((await api.app.inject({ url: '/counts', headers: asWriter })).statusCode).toBe(200);
    expect((await api.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await api.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('without tokens (loopback servers)', () => {
  it('accepts writes as anonymous@loopback', async () => {
    api = await startApi();
    expect((await post(api.app, registerSource('s1'))).statusCode).toBe(201);
    expect((await api.app.inject({ url: '/events' })).json().events[0].metadata.actor).toBe('anonymous@loopback');
  });
});

describe('secrets stay out of the log', () => {
  it('no token or Authorization header appears in any log line', async () => {
    const lines: string[] = [];
    api = await startApi({ tokens: TOKENS, logger: { level: 'trace', stream: { write: (line) => lines.push(line) } } });
    await post(api.app, registerSource('s1'), { headers: asWriter });
    await post(api.app, registerSource('s2'), { headers: asReader });
    await post(api.app, registerSource('s3'), { headers: { authorization: 'Bearer guessed-secret-token' } });
    await api.app.inject({ url: '/transfers', headers: asReader });
    api.app.log.info({ req: { headers: { authorization: `Bearer ${WRITER_TOKEN}` } } }, 'a request logged whole');
    api.app.log.info({ headers: { authorization: `Bearer ${READER_TOKEN}` } }, 'headers logged');

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(8);
    expect(log).toContain('[redacted]');
    for (const secret of [WRITER_TOKEN, READER_TOKEN, 'guessed-secret-token', 'Bearer']) expect(log).not.toContain(secret);
  });
});

describe('findToken', () => {
  it('finds the matching token and refuses others of any length', () => {
    expect(findToken(WRITER_TOKEN, TOKENS)?.actor).toBe('alice');
    expect(findToken(READER_TOKEN, TOKENS)?.role).toBe('reader');
    for (const guess of ['', 'w', WRITER_TOKEN.slice(0, -1), `${WRITER_TOKEN}x`, 'x'.repeat(10_000)]) {
      expect(findToken(guess, TOKENS)).toBeUndefined();
    }
  });
});
