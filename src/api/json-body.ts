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

/** An object or array still to check, and how it was reached: its path is only spelled out for an error. */
interface Pending {
  node: object;
  parent: Pending | undefined;
  key: string;
  depth: number;
}

const LONE_SURROGATE = 'holds a lone UTF-16 surrogate (\\uD800-\\uDFFF), which is not text';

/**
 * Iterative, so a hostile body 100,000 levels deep costs a loop, not the stack. Lone
 * surrogates (`"\ud800"`) are JSON but not text: UTF-8 cannot store them faithfully. Only
 * objects and arrays wait on the stack; strings are checked where they are met, and keys are
 * walked with `for…in` (a parsed body's properties are all its own), not listed as entries:
 * a command's dozen fields otherwise cost a dozen entry arrays and a dozen stack items.
 */
function checkShape(root: unknown): void {
  if (typeof root === 'string' && !isWellFormedText(root)) throw new ValidationError([{ path: '', message: LONE_SURROGATE }]);
  if (root === null || typeof root !== 'object') return;
  const pending: Pending[] = [{ node: root, parent: undefined, key: '', depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    const { node, depth } = item;
    if (depth >= MAX_BODY_DEPTH) {
      throw new ValidationError([{ path: pathOf(item), message: `nests deeper than ${MAX_BODY_DEPTH} levels` }]);
    }
    for (const key in node) {
      if (!isWellFormedText(key)) {
        throw new ValidationError([{ path: pathOf(item), message: 'has a key with a lone UTF-16 surrogate, which is not text' }]);
      }
      if (key === '__proto__' || (key === 'prototype' && item.key === 'constructor')) {
        throw new ValidationError([{ path: pathOf(item, key), message: `the key "${key}" is not allowed` }]);
      }
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'string') {
        if (!isWellFormedText(child)) throw new ValidationError([{ path: pathOf(item, key), message: LONE_SURROGATE }]);
      } else if (child !== null && typeof child === 'object') {
        pending.push({ node: child, parent: item, key, depth: depth + 1 });
      }
    }
  }
}

/** `a.b.c` from the root (which is ''), down to `item`, or to its `key` if given. */
function pathOf(item: Pending, key?: string): string {
  const keys: string[] = key === undefined ? [] : [key];
  for (let at: Pending | undefined = item; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}
