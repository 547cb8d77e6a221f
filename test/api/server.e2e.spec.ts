import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { loadConfig, ConfigError } from '../../src/config.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { assertClaim, recordReport, registerSource } from '../support/commands.js';
import { SEED_COMMANDS, WRITER_TOKEN } from './support/api.js';

let dir: string;
let server: RunningServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledger-api-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const configFor = (env: Record<string, string> = {}) =>
  loadConfig({ LEDGER_STORE: `sqlite:${join(dir, 'ledger.db')}`, PORT: '0', LEDGER_LOG_LEVEL: 'error', ...env });

describe('startServer', () => {
  it('serves over a real port, and says that writes are unauthenticated on loopback', async () => {
    const lines: string[] = [];
    server = await startServer(configFor({ LEDGER_LOG_LEVEL: 'info' }), { handleSignals: false, logStream: { write: (l) => lines.push(l) } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.join('')).toContain(`listening on ${server.url}`);
    expect(lines.join('')).toContain('anonymous@loopback');

    const posted = await fetch(`${server.url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SEED_COMMANDS),
    });
    expect(posted.status).toBe(201);
    const transfer = (await (await fetch(`${server.url}/transfers/syria-iraq-1`)).json()) as { transfer: { count: { value: unknown } } };
    expect(transfer.transfer.count.value).toEqual({ kind: 'exact', n: 150 });
    const problem = await fetch(`${server.url}/nowhere`);
    expect(problem.status).toBe(404);
    expect(problem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses to listen beyond loopback without tokens, naming LEDGER_TOKENS', async () => {
    const attempt = startServer(configFor({ HOST: '0.0.0.0' }), { handleSignals: false });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/LEDGER_TOKENS/);
  });

  it('listens beyond loopback with tokens, and writes then need one', async () => {
    server = await startServer(configFor({ HOST: '0.0.0.0', LEDGER_TOKENS: `writer:${WRITER_TOKEN}` }), { handleSignals: false });
    const port = new URL(server.url).port;
    const unauthenticated = await fetch(`http://127.0.0.1:${port}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registerSource('s1')),
    });
    expect(unauthenticated.status).toBe(401);
  });

  it('follows the store live: a claim appended by another ledger on the same file shows in GET /transfers', async () => {
    server = await startServer(configFor(), { handleSignals: false });
    const other = await Ledger.open({ store: `sqlite:${join(dir, 'ledger.db')}` });
    try {
      const commands = [registerSource('s1'), recordReport('r1'), assertClaim('c1', 'transfer:elsewhere', 'status', 'planned')];
      await other.execute(commands.map((c) => parseCommand(c)), { actor: 'other-process' });
    } finally {
      await other.close();
    }
    await vi.waitFor(
      async () => {
        const body = (await (await fetch(`${server!.url}/transfers`)).json()) as { transfers: { subject: string }[] };
        expect(body.transfers.map((t) => t.subject)).toContain('transfer:elsewhere');
      },
      { timeout: 5_000, interval: 20 },
    );
  });
});

describe('a server process', () => {
  it('closes cleanly on SIGTERM', async () => {
    const script = fileURLToPath(new URL('./support/serve.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, LEDGER_STORE: `sqlite:${join(dir, 'ledger.db')}`, PORT: '0', LEDGER_CHECKPOINT: join(dir, 'checkpoint.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await vi.waitFor(() => expect(output).toContain('listening on'), { timeout: 20_000, interval: 50 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: closing');
  });
});
