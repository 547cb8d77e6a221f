import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../domain/errors.js';
import { isWellFormedText } from '../well-formed-text.js';
import { MalformedJsonError } from './errors.js';

/** Deeper bodies are refused before validation; no command nests anywhere near this. */
const MAX_BODY_DEPTH = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The only body parser: strict UTF-8 JSON. Every other content type is refused with 415 by
 * Fastify, which knows no other parser. Keys that could poison prototypes when a body is
 * later merged into an object are refused here, once, for every route.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const parser = (_request: unknown, body: string | Buffer, done: (error: Error | null, value?: unknown) => void) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parser);
  // Fastify matches a RegExp against the whole header, parameters included.
  app.addContentTypeParser(/^application\/[\w.-]+\+json\s*(;|$)/i, { parseAs: 'buffer' }, parser);
}

export function parseJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new MalformedJsonError('the body is not valid UTF-8');
  }
  if (text.trim() === '') throw new MalformedJsonError('the body is empty; send a JSON object or array');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedJsonError(`the body is not valid JSON: ${(error as Error).message}`);
  }
  checkShape(value);
  return value;
}

/** A node still to check, and how it was reached: its path is only spelled out for an error. */
interface Pending {
  node: unknown;
  parent: Pending | undefined;
  key: string;
  depth: number;
}

/**
 * Iterative, so a hostile body 100,000 levels deep costs a loop, not the stack. Lone
 * surrogates (`"\ud800"`) are JSON but not text: UTF-8 cannot store them faithfully.
 */
function checkShape(root: unknown): void {
  const pending: Pending[] = [{ node: root, parent: undefined, key: '', depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    const { node, depth } = item;
    if (typeof node === 'string' && !isWellFormedText(node)) {
      throw new ValidationError([{ path: pathOf(item), message: 'holds a lone UTF-16 surrogate (\\uD800-\\uDFFF), which is not text' }]);
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      throw new ValidationError([{ path: pathOf(item), message: `nests deeper than ${MAX_BODY_DEPTH} levels` }]);
    }
    for (const [key, child] of Object.entries(node)) {
      if (!isWellFormedText(key)) {
        throw new ValidationError([{ path: pathOf(item), message: 'has a key with a lone UTF-16 surrogate, which is not text' }]);
      }
      const next: Pending = { node: child, parent: item, key, depth: depth + 1 };
      if (key === '__proto__' || (key === 'prototype' && item.key === 'constructor')) {
        throw new ValidationError([{ path: pathOf(next), message: `the key "${key}" is not allowed` }]);
      }
      pending.push(next);
    }
  }
}

/** `a.b.c` from the root (which is ''). */
function pathOf(item: Pending): string {
  const keys: string[] = [];
  for (let at: Pending | undefined = item; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}
