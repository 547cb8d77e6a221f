/**
 * The server under soak, in a process of its own so that its memory is its own: the real
 * `startServer` on a loopback port. Talks to the soak driver over the IPC channel:
 * it sends `{ type: 'listening', url }`, answers `{ type: 'sample' }` with its memory after a
 * full GC (run with --expose-gc) and closes cleanly on `{ type: 'stop' }`.
 * Usage (forked by run-soak.ts): node --expose-gc --import tsx bench/soak/server.ts <store>
 */
import { startServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';

export interface MemoryReading {
  type: 'memory';
  heapUsed: number;
  rss: number;
  external: number;
}

const store = process.argv[2];
if (!store || !process.send) throw new Error('usage: fork bench/soak/server.ts <store> with an IPC channel');
const server = await startServer(loadConfig({ LEDGER_STORE: store, PORT: '0', HOST: '127.0.0.1', LEDGER_LOG_LEVEL: 'error' }), {
  handleSignals: true,
});
process.send({ type: 'listening', url: server.url });

process.on('message', (message: { type: string }) => {
  if (message.type === 'sample') {
    // Only what is still reachable counts: garbage waiting for a collection is not a leak.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const reading: MemoryReading = { type: 'memory', heapUsed: memory.heapUsed, rss: memory.rss, external: memory.external };
    process.send!(reading);
  } else if (message.type === 'stop') {
    void server.close().then(() => process.exit(0));
  }
});
