import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from './errors.js';
import { digestOf, type ApiToken } from './tokens.js';

/** Who a route lets in: anyone, readers (open unless reads need a token), or writers only. */
export type Access = 'open' | 'read' | 'write';

/** The actor recorded for writes when no tokens are configured (loopback servers only). */
export const ANONYMOUS_ACTOR = 'anonymous@loopback';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @defaultValue `read` */
    access?: Access;
  }
  interface FastifyRequest {
    /** Who is asking: the token's actor, ANONYMOUS_ACTOR, or '' for an unauthenticated read. */
    actor: string;
  }
}

export interface AuthOptions {
  /** No tokens means open mode: every write is accepted as ANONYMOUS_ACTOR. */
  tokens: readonly ApiToken[];
  /** @defaultValue false */
  readsNeedToken?: boolean;
}

/**
 * Checks the bearer token of every request against the route's `config.access`, in an
 * onRequest hook added to each route after the rate limiter's (so guessing tokens is rate
 * limited too) and before the body is read (so a refused request never has it parsed).
 */
export function installAuth(app: FastifyInstance, { tokens, readsNeedToken = false }: AuthOptions): void {
  app.decorateRequest('actor', '');
  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const access = request.routeOptions.config.access ?? 'read';
    if (access === 'open') return;
    if (tokens.length === 0) {
      request.actor = ANONYMOUS_ACTOR;
      return;
    }
    if (access === 'read' && !readsNeedToken) return;
    const token = identify(request, tokens);
    if (access === 'write' && token.role !== 'writer') {
      throw new ForbiddenError(`a ${token.role} token may not write; use a writer token`);
    }
    request.actor = token.actor;
  };
  app.addHook('onRoute', (route) => {
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...existing, authenticate];
  });
}

function identify(request: FastifyRequest, tokens: readonly ApiToken[]): ApiToken {
  const header = request.headers.authorization;
  if (header === undefined) throw new UnauthorizedError('this request needs a bearer token: Authorization: Bearer <token>');
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"');
  const found = findToken(match[1]!, tokens);
  if (!found) throw new UnauthorizedError('the bearer token is not one this server knows');
  return found;
}

/**
 * Compares digests, which all have the same length, in constant time and against every
 * configured token, so neither the comparison nor the loop tells how close a guess was.
 */
export function findToken(presented: string, tokens: readonly ApiToken[]): ApiToken | undefined {
  const digest = digestOf(presented);
  let found: ApiToken | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(digest, token.digest) && found === undefined) found = token;
  }
  return found;
}
