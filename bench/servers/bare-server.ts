import Fastify from 'fastify';
import { serverMain } from '../child.js';

/**
 * The API's ceiling: bare Fastify routes answering constant bodies of the same bytes as the
 * product's answers (no validation, no ledger, no auth), a POST route that parses the same
 * JSON body with Fastify's own parser and answers a constant body.
 */
export interface BareServerInput {
  /** Path → the exact response body to send, and its status. */
  routes: { method: 'GET' | 'POST'; path: string; status: number; body: string }[];
}

serverMain(async ({ routes }: BareServerInput) => {
  const app = Fastify({ logger: false });
  for (const { method, path, status, body } of routes) {
    app.route({ method, url: path, handler: async (_request, reply) => reply.code(status).type('application/json; charset=utf-8').send(body) });
  }
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
});
