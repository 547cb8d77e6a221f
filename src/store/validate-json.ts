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

/**
 * What was found, and the keys and indices leading to it, innermost first: collected on the
 * way back out, so that a valid value (every append) builds no path at all.
 */
interface Found {
  problem: string;
  trail: (string | number)[];
  /** Found at MAX_DEPTH, where a cycle not looked for would also end. */
  tooDeep?: true;
}

/** The first value under `value` that is not plain JSON, or null when it all is. */
export function findNonJson(value: unknown, path: string): JsonProblem | null {
  let found = walk(value, undefined, 0);
  // A cycle is followed round and round down to MAX_DEPTH: walked again with its ancestors
  // kept, the value says whether it was a cycle, and where. Keeping them in every walk cost a
  // Set per value and a Set insertion and deletion per object, for nearly every append.
  if (found?.tooDeep) found = walk(value, new Set(), 0);
  if (!found) return null;
  let spelled = path;
  for (let i = found.trail.length - 1; i >= 0; i--) spelled += step(found.trail[i]!);
  return { path: spelled, problem: found.problem };
}

/** `ancestors`, when given, are the objects above `value`: a cycle is then found where it closes. */
function walk(value: unknown, ancestors: Set<object> | undefined, depth: number): Found | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : problem(`${String(value)} is not valid JSON`);
    case 'bigint':
      return problem('a BigInt is not valid JSON (use a string)');
    case 'undefined':
      return problem('undefined is not valid JSON (omit the key or use null)');
    case 'function':
    case 'symbol':
      return problem(`a ${typeof value} is not valid JSON`);
    case 'object':
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors?.has(object)) return problem('a cyclic reference is not valid JSON');
  if (depth >= MAX_DEPTH) return { ...problem(`nested deeper than ${MAX_DEPTH} levels`), tooDeep: true };
  ancestors?.add(object);
  try {
    return Array.isArray(object) ? walkArray(object, ancestors, depth) : walkObject(object, ancestors, depth);
  } finally {
    // Only ancestors count: the same object twice in siblings is a DAG, which JSON can carry.
    ancestors?.delete(object);
  }
}

function walkArray(array: unknown[], ancestors: Set<object> | undefined, depth: number): Found | null {
  for (let i = 0; i < array.length; i++) {
    if (!(i in array)) return within(i, problem('a hole in a sparse array is not valid JSON'));
    const found = walk(array[i], ancestors, depth + 1);
    if (found) return within(i, found);
  }
  return null;
}

function walkObject(object: object, ancestors: Set<object> | undefined, depth: number): Found | null {
  const proto = Object.getPrototypeOf(object) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const kind = (object.constructor as { name?: string } | undefined)?.name ?? 'object';
    return problem(`a ${kind} is not a plain JSON object`);
  }
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const found = walk((object as Record<string, unknown>)[key], ancestors, depth + 1);
    if (found) return within(key, found);
  }
  return null;
}

const problem = (text: string): Found => ({ problem: text, trail: [] });

function within(step: string | number, found: Found): Found {
  found.trail.push(step);
  return found;
}

function step(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
