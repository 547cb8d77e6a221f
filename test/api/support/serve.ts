// `ledger serve` in miniature, for the signal test: configuration from the environment.
import { startServer } from '../../../src/api/server.js';
import { loadConfig } from '../../../src/config.js';

await startServer(loadConfig(process.env));
