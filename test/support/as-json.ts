import { stringifyJson } from '../../src/runtime/json.js';

/** A body as a client receives it: bigints as numbers, dates as ISO strings, undefined fields gone. */
export function asJson(body: unknown): unknown {
  return JSON.parse(stringifyJson(body));
}
