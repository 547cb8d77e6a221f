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
 * produce) cannot be stored, hashed or shown faithfully: find the first, by field path.
 */
function loneSurrogatePath(input: unknown): string | undefined {
  const pending: [unknown, string[]][] = [[input, []]];
  while (pending.length > 0) {
    const [node, path] = pending.pop()!;
    if (typeof node === 'string') {
      if (!isWellFormedText(node)) return path.join('.');
    } else if (node !== null && typeof node === 'object' && path.length <= 64) {
      for (const [key, child] of Object.entries(node)) {
        if (!isWellFormedText(key)) return [...path, key].join('.');
        pending.push([child, [...path, key]]);
      }
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
