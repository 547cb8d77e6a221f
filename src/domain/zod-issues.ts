import type { z } from 'zod';

export interface PathIssue {
  path: (string | number)[];
  message: string;
}

/** One zod issue as issues at field paths: an unknown field is reported at its own path. */
export function flattenIssue(issue: z.core.$ZodIssue): PathIssue[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
  }
  return [{ path, message: issue.message }];
}
