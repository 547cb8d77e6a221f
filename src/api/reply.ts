import type { FastifyReply } from 'fastify';
import { stringifyJson } from '../runtime/json.js';
import { acceptsGzip, GZIP_MIN_CHARS, gzippedJson } from './compression.js';

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
 * Sends a runtime body (bigints, Dates) as JSON text, gzipped when it is large and the client
 * takes gzip. A string payload bypasses the route's response serializer: response schemas
 * document the bodies, read-models.ts defines them.
 */
export function sendBody(reply: FastifyReply, body: object, status = 200): FastifyReply | Promise<FastifyReply> {
  const text = jsonOf(body);
  reply.code(status).type('application/json; charset=utf-8');
  if (text.length < GZIP_MIN_CHARS) return reply.send(text);
  // Whether it came compressed depended on the request's Accept-Encoding: caches must know.
  reply.header('vary', 'accept-encoding');
  if (!acceptsGzip(reply.request.headers['accept-encoding'])) return reply.send(text);
  const bytes = gzippedJson(body, text);
  const sendGzip = (gzip: Buffer) => reply.header('content-encoding', 'gzip').send(gzip);
  if (Buffer.isBuffer(bytes)) return sendGzip(bytes);
  return bytes.then(sendGzip, () => reply.send(text));
}
