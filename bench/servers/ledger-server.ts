import { startServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import { sqliteInternals } from '../../src/store/sqlite/open.js';
import { serverMain } from '../child.js';

/**
 * The product's own server, started the way `ledger serve` starts it (startServer with a
 * loaded configuration), on a free loopback port, logging nothing.
 */
export interface LedgerServerInput {
  store: string;
  checkpointPath?: string;
}

serverMain(async ({ store, checkpointPath }: LedgerServerInput) => {
  const config = loadConfig({}, { store, host: '127.0.0.1', port: 0, logLevel: 'silent', checkpointPath });
  const server = await startServer(config, { handleSignals: false });
  // The engine's commit counters (a test seam, read only here): how many requests share a commit.
  const { stats } = sqliteInternals(server.ledger.store);
  return { url: server.url, close: server.close, counters: () => ({ commits: stats.transactions, appends: stats.appends }) };
});
