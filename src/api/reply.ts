import type { FastifyReply } from 'fastify';
import { stringifyJson } from '../runtime/json.js';

/**
 * The ledger caches a view's body per log position, so the same object is sent again and
 * again until the log moves; its JSON text is cached with it and dropped when it is.
 */
const jsonTexts = new WeakMap<object, string>();

function jsonOf(body: object): string {
  let text = jsonTexts.get(body);
  if (text === undefined) {
    text = stringifyJson(body);
    jsonTexts.set(body, text);
  }
  return text;
}

/**
 * Sends a runtime body (bigints, Dates) as JSON text. A string payload bypasses the route's
 * response serializer: response schemas document the bodies, read-models.ts defines them.
 */
export function sendBody(reply: FastifyReply, body: object, status = 200): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(jsonOf(body));
}
