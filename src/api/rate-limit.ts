import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { RateLimitedError } from './errors.js';

/**
 * Per client address, per minute. The error goes through the central error handler, so a
 * 429 is problem+json like every other error; Retry-After is set by the plugin.
 */
export async function installRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(fastifyRateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(`more than ${context.max} requests a minute; retry in ${context.after}`, Math.ceil(context.ttl / 1000)),
  });
}
