/**
 * Strict JSON check. `JSON.stringify` silently turns NaN into null, drops `undefined` and
 * functions, and flattens Dates and Maps: stored that way, an event would read back different
 * from what the caller appended, and its hash would cover something else. So the store refuses
 * anything that does not survive a JSON round trip unchanged.
 */

/** Deeper nesting is refused: it is never meaningful in an event and risks stack exhaustion. */
const MAX_DEPTH = 256;

export interface JsonProblem {
  /** Where, e.g. `events[2].data.items[0]`. */
  path: string;
  problem: string;
}

/** The first value under `value` that is not plain JSON, or null when it all is. */
export function findNonJson(value: unknown, path: string): JsonProblem | null {
  return walk(value, path, new Set(), 0);
}

function walk(value: unknown, path: string, ancestors: Set<object>, depth: number): JsonProblem | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : { path, problem: `${String(value)} is not valid JSON` };
    case 'bigint':
      return { path, problem: 'a BigInt is not valid JSON (use a string)' };
    case 'undefined':
      return { path, problem: 'undefined is not valid JSON (omit the key or use null)' };
    case 'function':
    case 'symbol':
      return { path, problem: `a ${typeof value} is not valid JSON` };
    case 'object':
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return { path, problem: 'a cyclic reference is not valid JSON' };
  if (depth >= MAX_DEPTH) return { path, problem: `nested deeper than ${MAX_DEPTH} levels` };
  ancestors.add(object);
  try {
    return Array.isArray(object)
      ? walkArray(object, path, ancestors, depth)
      : walkObject(object, path, ancestors, depth);
  } finally {
    // Only ancestors count: the same object twice in siblings is a DAG, which JSON can carry.
    ancestors.delete(object);
  }
}

function walkArray(array: unknown[], path: string, ancestors: Set<object>, depth: number): JsonProblem | null {
  for (let i = 0; i < array.length; i++) {
    if (!(i in array)) return { path: `${path}[${i}]`, problem: 'a hole in a sparse array is not valid JSON' };
    const found = walk(array[i], `${path}[${i}]`, ancestors, depth + 1);
    if (found) return found;
  }
  return null;
}

function walkObject(object: object, path: string, ancestors: Set<object>, depth: number): JsonProblem | null {
  const proto = Object.getPrototypeOf(object) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const kind = (object.constructor as { name?: string } | undefined)?.name ?? 'object';
    return { path, problem: `a ${kind} is not a plain JSON object` };
  }
  for (const [key, child] of Object.entries(object)) {
    const found = walk(child, `${path}${keyPath(key)}`, ancestors, depth + 1);
    if (found) return found;
  }
  return null;
}

function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

