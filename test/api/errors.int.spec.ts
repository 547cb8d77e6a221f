import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '../../src/api/error-table.js';
import {
  ForbiddenError,
  InvalidCommandsError,
  MalformedJsonError,
  RateLimitedError,
  RouteNotFoundError,
  UnauthorizedError,
} from '../../src/api/errors.js';
import { problemOf as toProblem } from '../../src/api/problem.js';
import { ConfigError } from '../../src/config.js';
import { DOMAIN_RULES, DomainRuleError, NotFoundError, PreconditionFailedError, ValidationError } from '../../src/domain/errors.js';
import type { LedgerError } from '../../src/ledger-error.js';
import { BatchRejectedError } from '../../src/runtime/command-handler.js';
import {
  InvalidStoreInputError,
  StoreUnavailableError,
  StreamNotFoundError,
  UnsupportedStoreError,
  WrongExpectedVersionError,
} from '../../src/store/errors.js';
import { registerSource } from '../support/commands.js';
import { SEED_COMMANDS, post, problemOf, seed, startApi, type TestApi } from './support/api.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const rawPost = (payload: string | Buffer, contentType = 'application/json') =>
  api!.app.inject({ method: 'POST', url: '/commands', payload, headers: { 'content-type': contentType } });

describe('Fastify-level errors come out as problem+json', () => {
  it('a body over the limit: 413', async () => {
    api = await startApi({ bodyLimit: 2048 });
    const response = await post(api.app, SEED_COMMANDS);
    expect(response.statusCode).toBe(413);
    expect(problemOf(response)).toMatchObject({ code: 'BODY_TOO_LARGE', detail: expect.stringContaining('2048 bytes') });
    expect(await api.ledger.store.headPosition()).toBeNull();
  });

  it.each(['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.ledger+json; charset=utf-8'])(
    'JSON as %s is accepted',
    async (contentType) => {
      api = await startApi();
      expect((await rawPost(JSON.stringify(registerSource('s1')), contentType)).statusCode).toBe(201);
    },
  );

  it('a content type other than JSON: 415', async () => {
    api = await startApi();
    const response = await rawPost(JSON.stringify(registerSource('s1')), 'text/plain');
    expect(response.statusCode).toBe(415);
    expect(problemOf(response).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['malformed JSON', '{"type": "RegisterSource",', 'MALFORMED_JSON'],
    ['an empty body', '', 'MALFORMED_JSON'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 'MALFORMED_JSON'],
    ['a __proto__ key', '{"type":"RegisterSource","__proto__":{"admin":true}}', 'VALIDATION_FAILED'],
    ['a constructor.prototype key', '{"constructor":{"prototype":{"x":1}}}', 'VALIDATION_FAILED'],
    ['nesting 10,000 deep', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'VALIDATION_FAILED'],
    ['a lone surrogate escape', '{"type":"RegisterSource","sourceId":"s1","name":"\\ud800","kind":"other"}', 'VALIDATION_FAILED'],
    ['a raw NUL byte inside a string', '{"type":"Register\u0000Source"}', 'MALFORMED_JSON'],
  ])('%s: 400', async (_, payload, code) => {
    api = await startApi();
    const response = await rawPost(payload);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe(code);
    expect(await api.ledger.store.headPosition()).toBeNull();
  });

  it('an unknown route: 404', async () => {
    api = await startApi();
    const response = await api.app.inject({ url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(problemOf(response)).toMatchObject({ code: 'ROUTE_NOT_FOUND', instance: '/nowhere' });
  });

  it('more requests than the rate limit: 429 with Retry-After', async () => {
    api = await startApi({ rateLimit: 3 });
    for (let i = 0; i < 3; i += 1) expect((await api.app.inject({ url: '/health' })).statusCode).toBe(200);
    const response = await api.app.inject({ url: '/health' });
    expect(response.statusCode).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(problemOf(response).code).toBe('RATE_LIMITED');
  });
});

describe('no route updates or deletes an event', () => {
  it.each(['PUT', 'PATCH', 'DELETE'] as const)('%s on /events, /claims/:id, /commands: 404, the log unchanged', async (method) => {
    api = await startApi();
    await seed(api.app);
    const before = (await api.app.inject({ url: '/events?limit=1000' })).body;
    for (const url of ['/events', '/events?from=1', '/claims/t1.count.awadi', '/commands', '/transfers/syria-iraq-1']) {
      const response = await api.app.inject({ method, url, payload: { claimId: 't1.count.awadi' } });
      expect([404, 405]).toContain(response.statusCode);
      expect(problemOf(response).status).toBe(response.statusCode);
    }
    expect((await api.app.inject({ url: '/events?limit=1000' })).body).toBe(before);
  });
});

describe('the error table', () => {
  /** One instance of every LedgerError the code base raises, each code of a family once. */
  const errors: LedgerError[] = [
    new ValidationError([{ path: 'x', message: 'bad' }]),
    ...Object.keys(DOMAIN_RULES).map((rule) => new DomainRuleError(rule as keyof typeof DOMAIN_RULES, 'broken')),
    new PreconditionFailedError('c1', '"3"'),
    new NotFoundError('missing'),
    new BatchRejectedError(2, new NotFoundError('missing')),
    new WrongExpectedVersionError('s', 0n, 1n),
    new StreamNotFoundError('s'),
    new InvalidStoreInputError('bad', 'events[0]'),
    new StoreUnavailableError('down', 3),
    new UnsupportedStoreError('nope:'),
    new UnauthorizedError('who?'),
    new ForbiddenError('no'),
    new RateLimitedError('slow down', 10),
    new MalformedJsonError('bad json'),
    new RouteNotFoundError('GET', '/x'),
    new InvalidCommandsError([{ index: 1, issues: [{ path: 'x', message: 'bad' }] }]),
    new ConfigError('bad config', 'PORT'),
  ];

  it.each(errors.map((error) => [error.constructor.name, error] as const))('%s has a row, and its problem uses it', (_, error) => {
    expect(Object.keys(ERROR_TABLE)).toContain(error.code);
    const row = ERROR_TABLE[error.code as keyof typeof ERROR_TABLE];
    const { problem } = toProblem(error);
    expect(problem).toMatchObject({ status: row.status, title: row.title, code: error.code, detail: error.message });
  });

  it('a 412 carries the current ETag, a 503 and a 429 a Retry-After', () => {
    expect(toProblem(new BatchRejectedError(0, new PreconditionFailedError('c1', '"9"'))).headers).toEqual({ etag: '"9"' });
    expect(toProblem(new StoreUnavailableError('down', 3)).headers).toEqual({ 'retry-after': '3' });
    expect(toProblem(new RateLimitedError('slow', 42)).headers).toEqual({ 'retry-after': '42' });
  });

  it('an error that is not ours becomes a 500 without its message', () => {
    const { problem } = toProblem(new TypeError('cannot read x of undefined at /srv/app.js'));
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(problem)).not.toContain('/srv/app.js');
  });

  it('no problem body carries a stack trace', async () => {
    api = await startApi({ bodyLimit: 1024 });
    const responses = await Promise.all([
      rawPost('{'),
      rawPost('x', 'text/plain'),
      post(api.app, SEED_COMMANDS),
      post(api.app, registerSource('s 1')),
      api.app.inject({ url: '/claims/none' }),
    ]);
    for (const response of responses) {
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toMatch(/\n\s+at |"stack"/);
    }
  });
});
