import type { z } from 'zod';
import { Command } from './commands.js';
import { ValidationError, type FieldIssue } from './errors.js';

/** Turns zod issues into issues with dotted field paths, e.g. `value.min`. */
export function fieldIssues(error: z.ZodError, line?: number): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: describe(issue),
    ...(line === undefined ? {} : { line }),
  }));
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_union' && issue.path.length === 0) {
    return 'type must be one of RegisterSource, RecordReport, AssertClaim, AmendClaim, RetractClaim, AliasSubject';
  }
  return issue.message;
}

/** Validates one command of the interchange format; throws ValidationError naming each field. */
export function parseCommand(input: unknown, line?: number): Command {
  const result = Command.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(fieldIssues(result.error, line));
}
