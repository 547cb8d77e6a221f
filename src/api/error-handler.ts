import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RouteNotFoundError } from './errors.js';
import { problemOf } from './problem.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The one place errors become responses: every route throws, this maps through the error
 * table to problem+json. Unexpected errors are logged with their stack; clients get none.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(sendProblem);
  app.setNotFoundHandler((request) => {
    throw new RouteNotFoundError(request.method, request.url.split('?')[0] ?? request.url);
  });
}

/**
 * Sends `error` as problem+json. Also Fastify's `frameworkErrors` hook: errors its router
 * raises before any route is found (a malformed %-escape such as `/claims/%zz`, a path
 * parameter over the length limit) would otherwise go out as Fastify's own plain JSON.
 */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { problem, headers } = problemOf(error, request.url);
  if (problem.code === 'BODY_TOO_LARGE') {
    problem.detail = `the body is larger than ${request.routeOptions.bodyLimit} bytes (LEDGER_BODY_LIMIT)`;
  }
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: problem.code, status: problem.status }, problem.detail);
  return reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
