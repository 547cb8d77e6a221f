import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, ensureBuilt } from './build-once.js';
import { claim, report, source } from './fixtures.js';
import { ndjson, runLedger, tempDir } from './run-ledger.js';

const temp = tempDir();
const store = `sqlite:${join(temp.dir, 'served.db')}`;
let server: ChildProcessWithoutNullStreams | undefined;

/** Starts `ledger serve` on a free port and resolves with its URL once it listens. */
async function serve(): Promise<string> {
  const env = { ...process.env, LEDGER_TOKENS: '', LEDGER_STORE: '', HOST: '', PORT: '' };
  server = spawn(process.execPath, [CLI_MAIN, 'serve', '--port', '0', '--store', store], { env });
  let output = '';
  for await (const chunk of server.stdout) {
    output += String(chunk);
    const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
    if (url) return url;
  }
  throw new Error(`ledger serve ended without listening:\n${output}`);
}

beforeAll(ensureBuilt);
afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  temp.remove();
});

describe('ledger serve', () => {
  it('serves the HTTP API and shows what another process appends to the same file', async () => {
    const url = await serve();
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ engine: 'sqlite' });

    expect((await runLedger(['append', '-', '--store', store], { input: ndjson(source, report, claim) })).code).toBe(0);
    let subjects: string[] = [];
    for (let attempt = 0; attempt < 50 && subjects.length === 0; attempt += 1) {
      const body = (await (await fetch(`${url}/transfers`)).json()) as { transfers: { subject: string }[] };
      subjects = body.transfers.map((t) => t.subject);
      if (subjects.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(subjects).toEqual(['transfer:syria-iraq-1']);

    // `--json` prints the very body the HTTP API serves.
    for (const view of ['transfers', 'counts', 'facilities']) {
      const cli = await runLedger(['query', view, '--json', '--store', store]);
      expect(JSON.parse(cli.stdout)).toEqual(await (await fetch(`${url}/${view}`)).json());
    }

    server!.kill('SIGTERM');
    const [code] = await once(server!, 'exit');
    expect(code).toBe(0);
  });

  it('refuses to listen beyond loopback without tokens', async () => {
    const run = await runLedger(['serve', '--host', '0.0.0.0', '--port', '0', '--store', store], { env: { LEDGER_TOKENS: '' } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('LEDGER_TOKENS');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a port that is not a number', async () => {
    const run = await runLedger(['serve', '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"eighty" is not a port');
  });
});
