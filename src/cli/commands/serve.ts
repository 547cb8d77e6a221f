import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import type { GlobalOptions } from '../context.js';
import { port } from '../options.js';

interface ServeOptions extends GlobalOptions {
  port?: number;
  host?: string;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the HTTP API on the ledger (OpenAPI docs at /docs); follows appends from other processes live')
    .option('--port <port>', 'TCP port, 0 for any free one (default: $PORT, else 3000)', port)
    .option('--host <host>', 'address to bind (default: $HOST, else 127.0.0.1); beyond loopback it needs LEDGER_TOKENS')
    .addHelpText(
      'after',
      `
Configuration comes from the environment (LEDGER_STORE, PORT, HOST, LEDGER_TOKENS,
LEDGER_BODY_LIMIT, LEDGER_READS_NEED_TOKEN, LEDGER_RATE_LIMIT, LEDGER_CHECKPOINT,
LEDGER_LOG_LEVEL); --store, --port and --host override it.`,
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ServeOptions>();
      // Loaded here so that the other commands do not pay for the HTTP stack at start-up.
      const { loadConfig } = await import('../../config.js');
      const { startServer } = await import('../../api/server.js');
      const config = loadConfig(process.env, { store: options.store, port: options.port, host: options.host });
      try {
        await startServer(config);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') {
          throw new CliError('INTERNAL', `${config.host}:${config.port} is already in use; choose another with --port or PORT`, '--port');
        }
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
          throw new CliError('INTERNAL', `cannot bind ${config.host}: no such local address`, '--host');
        }
        throw error;
      }
    });
}
