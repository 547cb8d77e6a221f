import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../../src/api/server.js';
import { loadConfig } from '../../../src/config.js';
import { assertClaim, exact } from '../../support/commands.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WRITER_TOKEN = 'dashboard-writer-0123456789';

/** Builds the bundle from the current sources, as `npm run build` does. */
export function buildDashboard(): void {
  execFileSync(process.execPath, [join(ROOT, 'dashboard', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

export interface SeededServer {
  server: RunningServer;
  close(): Promise<void>;
}

/** Transfers posted after the seed story, named to sort before its own (`transfer:aleppo-001`, …). */
export const extraTransferSubject = (n: number): string => `transfer:aleppo-${String(n).padStart(3, '0')}`;

/**
 * The real server on a free port over a fresh SQLite file, with the seed story posted to it,
 * then `extraTransfers` more transfers of one count claim each (enough to page through).
 */
export async function startSeededServer(options: { extraTransfers?: number } = {}): Promise<SeededServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-dashboard-'));
  const config = loadConfig({
    LEDGER_STORE: `sqlite:${join(dir, 'ledger.db')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    LEDGER_TOKENS: `analyst:writer:${WRITER_TOKEN}`,
    LEDGER_LOG_LEVEL: 'silent',
  });
  const server = await startServer(config, { handleSignals: false });
  const story = await readFile(join(ROOT, 'examples', 'seed-story.ndjson'), 'utf8');
  const commands = story.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  for (let n = 1; n <= (options.extraTransfers ?? 0); n++) {
    commands.push(assertClaim(`extra-${n}.count`, extraTransferSubject(n), 'detainees.count', exact(10), { sourceId: 'outlet', reportId: 'seed-article', hedge: 'reported' }));
  }
  const response = await fetch(`${server.url}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITER_TOKEN}` },
    body: JSON.stringify(commands),
  });
  if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  return {
    server,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
