import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PUBLIC_RATE_LIMIT, isLoopback, loadConfig } from '../../src/config.js';
import { digestOf, parseTokens } from '../../src/api/tokens.js';

/** The ConfigError loadConfig throws for `env`, or a failure when it throws none. */
function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      store: 'sqlite:./data/ledger.db',
      port: 3000,
      host: '127.0.0.1',
      tokens: [],
      bodyLimit: 1024 * 1024,
      readsNeedToken: false,
      rateLimit: 0,
      checkpointPath: './data/ledger.db.checkpoint',
      logLevel: 'info',
    });
  });

  it('keeps checkpoints beside a file store, and none for a store in memory or on a server', () => {
    expect(loadConfig({ LEDGER_STORE: 'sqlite:/tmp/x.db' }).checkpointPath).toBe('/tmp/x.db.checkpoint');
    expect(loadConfig({ LEDGER_STORE: 'sqlite::memory:' }).checkpointPath).toBeUndefined();
    expect(loadConfig({ LEDGER_STORE: 'esdb://localhost:2113?tls=false' }).checkpointPath).toBeUndefined();
    expect(loadConfig({ LEDGER_STORE: 'sqlite:/tmp/x.db', LEDGER_CHECKPOINT: '/var/cp' }).checkpointPath).toBe('/var/cp');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      LEDGER_STORE: 'sqlite::memory:',
      PORT: '8080',
      HOST: '0.0.0.0',
      LEDGER_TOKENS: 'alice:writer:secret-1,reader:secret-2',
      LEDGER_BODY_LIMIT: '2MiB',
      LEDGER_READS_NEED_TOKEN: 'true',
      LEDGER_RATE_LIMIT: '60',
      LEDGER_CHECKPOINT: './data/checkpoint.json',
      LEDGER_LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      store: 'sqlite::memory:',
      port: 8080,
      host: '0.0.0.0',
      bodyLimit: 2 * 1024 * 1024,
      readsNeedToken: true,
      rateLimit: 60,
      checkpointPath: './data/checkpoint.json',
      logLevel: 'warn',
    });
    expect(config.tokens.map(({ actor, role }) => ({ actor, role }))).toEqual([
      { actor: 'alice', role: 'writer' },
      { actor: 'reader', role: 'reader' },
    ]);
  });

  it('flags override the environment; empty variables take defaults', () => {
    const config = loadConfig({ PORT: '8080', HOST: '' }, { port: 0, store: 'sqlite:/tmp/x.db', readsNeedToken: false });
    expect(config).toMatchObject({ port: 0, host: '127.0.0.1', store: 'sqlite:/tmp/x.db' });
  });

  it('rate limiting is off on loopback and on by default elsewhere', () => {
    expect(loadConfig({ HOST: 'localhost' }).rateLimit).toBe(0);
    expect(loadConfig({ HOST: '0.0.0.0', LEDGER_TOKENS: 'writer:abc' }).rateLimit).toBe(DEFAULT_PUBLIC_RATE_LIMIT);
    expect(loadConfig({ HOST: '0.0.0.0', LEDGER_RATE_LIMIT: '0' }).rateLimit).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LEDGER_BODY_LIMIT: 'huge' }, 'LEDGER_BODY_LIMIT'],
    [{ LEDGER_BODY_LIMIT: '10' }, 'LEDGER_BODY_LIMIT'],
    [{ LEDGER_READS_NEED_TOKEN: 'maybe' }, 'LEDGER_READS_NEED_TOKEN'],
    [{ LEDGER_RATE_LIMIT: '-5' }, 'LEDGER_RATE_LIMIT'],
    [{ LEDGER_LOG_LEVEL: 'loud' }, 'LEDGER_LOG_LEVEL'],
    [{ LEDGER_TOKENS: 'admin:s3cr3t-value' }, 'LEDGER_TOKENS'],
    [{ LEDGER_READS_NEED_TOKEN: 'true' }, 'LEDGER_READS_NEED_TOKEN'],
  ])('%o: a ConfigError naming %s', (env, variable) => {
    const error = configErrorOf(env);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.where).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never repeats a token in its errors', () => {
    const error = configErrorOf({ LEDGER_TOKENS: 'writer:first-secret,reader:first-secret' });
    expect(error.message).toContain('LEDGER_TOKENS');
    expect(error.message).not.toContain('first-secret');
  });
});

describe('parseTokens', () => {
  it('reads role:token and name:role:token; a token may hold colons', () => {
    const [plain, named, colons] = parseTokens(' writer:aaa , bob:reader:bbb,carol:writer:c:c:c ');
    expect(plain).toMatchObject({ role: 'writer', actor: 'writer', digest: digestOf('aaa') });
    expect(named).toMatchObject({ role: 'reader', actor: 'bob', digest: digestOf('bbb') });
    expect(colons).toMatchObject({ role: 'writer', actor: 'carol', digest: digestOf('c:c:c') });
  });

  it.each(['writer:', 'bob:admin:x', 'b o b:writer:x', 'writer:a b'])('refuses %j', (text) => {
    expect(() => parseTokens(text)).toThrow(/entry 1/);
  });

  it('keeps no token in clear', () => {
    expect(JSON.stringify(parseTokens('writer:plain-secret'))).not.toContain('plain-secret');
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['example.org', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
