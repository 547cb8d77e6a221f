import type { FastifyInstance } from 'fastify';
import { ConfigError, isLoopback, type LedgerConfig } from '../config.js';
import { Ledger } from '../runtime/ledger.js';
import { buildApp, type AppLoggerOptions } from './app.js';
import { ANONYMOUS_ACTOR } from './auth.js';

export interface StartServerOptions {
  /** Close cleanly on SIGINT and SIGTERM, then exit. @defaultValue true */
  handleSignals?: boolean;
  /** Where log lines go. @defaultValue standard output */
  logStream?: AppLoggerOptions['stream'];
}

export interface RunningServer {
  app: FastifyInstance;
  ledger: Ledger;
  /** e.g. `http://127.0.0.1:3000`, with the port actually bound (useful with PORT=0). */
  url: string;
  /** Stops listening, then closes the ledger (saving a checkpoint if configured). */
  close(): Promise<void>;
}

/**
 * Opens the ledger the configuration names, serves the API on HOST:PORT and says where.
 * Refuses to serve beyond loopback without tokens: anyone who could reach it could write.
 */
export async function startServer(config: LedgerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const { handleSignals = true, logStream } = options;
  if (config.tokens.length === 0 && !isLoopback(config.host)) {
    throw new ConfigError(
      `refusing to listen on ${config.host} without LEDGER_TOKENS: anyone who can reach it could write. ` +
        'Set LEDGER_TOKENS (e.g. writer:<token>,reader:<token>) or bind HOST=127.0.0.1',
      'LEDGER_TOKENS',
    );
  }
  const ledger = await Ledger.open({ store: config.store, checkpointPath: config.checkpointPath });
  let app: FastifyInstance;
  try {
    app = await buildApp({
      ledger,
      tokens: config.tokens,
      bodyLimit: config.bodyLimit,
      readsNeedToken: config.readsNeedToken,
      rateLimit: config.rateLimit,
      logger: { level: config.logLevel, ...(logStream ? { stream: logStream } : {}) },
    });
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await ledger.close();
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  app.log.info(`claims ledger listening on ${url} (store ${ledger.store.engine}; API docs at ${url}/docs)`);
  if (config.tokens.length === 0) {
    app.log.warn(`no LEDGER_TOKENS: writes need no token on this loopback address and are recorded as ${ANONYMOUS_ACTOR}`);
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await app.close();
      await ledger.close();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info(`${signal}: closing`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'failed to close cleanly');
        process.exit(1);
      },
    );
  };
  if (handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { app, ledger, url, close };
}
