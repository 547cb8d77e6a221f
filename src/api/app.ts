import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Ledger } from '../runtime/ledger.js';
import { installAuth } from './auth.js';
import { dashboardRoutes } from './dashboard.js';
import { installErrorHandler, sendProblem } from './error-handler.js';
import { installJsonBodyParser } from './json-body.js';
import { installOpenApi } from './openapi.js';
import { installRateLimit } from './rate-limit.js';
import type { ApiToken } from './tokens.js';
import { claimsRoutes } from './routes/claims.js';
import { commandsRoutes } from './routes/commands.js';
import { countsRoutes } from './routes/counts.js';
import { diffRoutes } from './routes/diff.js';
import { eventsRoutes } from './routes/events.js';
import { facilitiesRoutes } from './routes/facilities.js';
import { healthRoutes } from './routes/health.js';
import { historyRoutes } from './routes/history.js';
import { transfersRoutes } from './routes/transfers.js';

/** Where log lines go: Fastify's pino logger options, reduced to what callers set. */
export interface AppLoggerOptions {
  /** @defaultValue `info` */
  level?: string;
  /** @defaultValue standard output */
  stream?: { write(line: string): void };
}

export interface BuildAppOptions {
  /** The open ledger the routes read and write; the caller closes it. */
  ledger: Ledger;
  /** Bearer tokens; none means every write is accepted as `anonymous@loopback`. @defaultValue [] */
  tokens?: readonly ApiToken[];
  /** Largest request body in bytes; larger gets 413. @defaultValue 1 MiB */
  bodyLimit?: number;
  /** Whether reads need a reader or writer token too. @defaultValue false */
  readsNeedToken?: boolean;
  /** Requests per minute per client address; 0 turns rate limiting off. @defaultValue 0 */
  rateLimit?: number;
  /** `false` for silence. @defaultValue false */
  logger?: boolean | AppLoggerOptions;
}

/** Longest a client may take to send a whole request; Node then answers 408 and closes. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The API contract's version, shown in the OpenAPI document. */
export const API_VERSION = '1.0.0';

/**
 * Where a secret could show up in a log line. Fastify's request serializer logs no headers,
 * but anything that logs a request or its headers later must not leak a token either.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'request.headers.authorization',
  'headers.authorization',
  'authorization',
  'req.headers.cookie',
  'headers.cookie',
];

/**
 * The HTTP API (DESIGN §7) over an open ledger. Routes are added but the app is not made
 * ready, so a caller can still register more (the dashboard at `/`) before listening.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { ledger, tokens = [], bodyLimit = 1024 * 1024, readsNeedToken = false, rateLimit = 0 } = options;
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false),
    bodyLimit,
    frameworkErrors: sendProblem,
    // Fastify turns Node's request timeout off; without one, a client trickling a body (even
    // an unauthenticated one, already answered 401) holds its connection for as long as it likes.
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Subjects (`transfer:…`, up to 128 characters) travel in the path.
    routerOptions: { maxParamLength: 300 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installJsonBodyParser(app);
  await installRateLimit(app, rateLimit);
  installAuth(app, { tokens, readsNeedToken });
  await installOpenApi(app, API_VERSION);

  for (const routes of [
    commandsRoutes,
    transfersRoutes,
    countsRoutes,
    facilitiesRoutes,
    claimsRoutes,
    historyRoutes,
    diffRoutes,
    eventsRoutes,
    healthRoutes,
  ]) {
    await app.register(routes, { ledger });
  }
  await app.register(dashboardRoutes);
  return app;
}

/**
 * `silent` is no logger at all rather than a pino logger at level silent: Fastify gives every
 * request of a real logger a child logger of its own, which writes nothing at that level and
 * still cost ~5 µs a request (by hand, one POST route under inject, best of eight runs).
 */
function loggerOptions(logger: boolean | AppLoggerOptions) {
  if (logger === false) return false;
  const { level = 'info', stream } = logger === true ? {} : logger;
  if (level === 'silent') return false;
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, ...(stream ? { stream } : {}) };
}
