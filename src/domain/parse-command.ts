import type { z } from 'zod';
import { Command } from './commands.js';
import { ValidationError, type FieldIssue } from './errors.js';
import { flattenIssue } from './zod-issues.js';
import { isWellFormedText } from '../well-formed-text.js';

/** Turns zod issues into issues with dotted field paths, e.g. `value.min`. */
export function fieldIssues(error: z.ZodError, line?: number): FieldIssue[] {
  const at = line === undefined ? {} : { line };
  return error.issues.flatMap((issue) =>
    flattenIssue(issue).map(({ path, message }) => ({
      path: path.join('.'),
      message: issue.code === 'invalid_union' && path.length === 0 ? UNKNOWN_TYPE : message,
      ...at,
    })),
  );
}

const UNKNOWN_TYPE =
  'type must be one of RegisterSource, RecordReport, AssertClaim, AmendClaim, RetractClaim, AliasSubject';

/**
 * Text that is not valid Unicode (a lone UTF-16 surrogate, which JSON's \uD800 escape can
 * produce) cannot be stored, hashed or shown faithfully: find the first, by field path. The
 * path is spelled out only once one is found; a valid command (nearly all) builds none.
 */
function loneSurrogatePath(input: unknown): string | undefined {
  const trail = badTextTrail(input, 0);
  return trail?.reverse().join('.');
}

/** The keys down to the first ill-formed string or key, innermost first; undefined when none. */
function badTextTrail(node: unknown, depth: number): string[] | undefined {
  if (typeof node === 'string') return isWellFormedText(node) ? undefined : [];
  if (node === null || typeof node !== 'object' || depth > 64) return undefined;
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    if (!isWellFormedText(key)) return [key];
    const trail = badTextTrail((node as Record<string, unknown>)[key], depth + 1);
    if (trail) {
      trail.push(key);
      return trail;
    }
  }
  return undefined;
}

/** Validates one command of the interchange format; throws ValidationError naming each field. */
export function parseCommand(input: unknown, line?: number): Command {
  const result = Command.safeParse(input);
  if (!result.success) throw new ValidationError(fieldIssues(result.error, line));
  const badText = loneSurrogatePath(result.data);
  if (badText !== undefined) {
    throw new ValidationError([
      { path: badText, message: 'contains a lone UTF-16 surrogate: not valid Unicode text', ...(line === undefined ? {} : { line }) },
    ]);
  }
  return result.data;
}
