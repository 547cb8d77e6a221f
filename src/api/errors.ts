import { LedgerError } from '../ledger-error.js';
import type { FieldIssue } from '../domain/errors.js';

/**
 * Errors only the HTTP interface raises. Each has a row in the error table like every other
 * LedgerError, so the central error handler turns them into problem+json the same way.
 */

/** No token, an unknown token, or a malformed Authorization header. */
export class UnauthorizedError extends LedgerError {
  readonly code = 'UNAUTHORIZED';

  constructor(message: string) {
    super(message, 'Authorization');
  }
}

/** A valid token whose role may not do what the request asks. */
export class ForbiddenError extends LedgerError {
  readonly code = 'FORBIDDEN';

  constructor(message: string) {
    super(message, 'Authorization');
  }
}

export class RateLimitedError extends LedgerError {
  readonly code = 'RATE_LIMITED';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class MalformedJsonError extends LedgerError {
  readonly code = 'MALFORMED_JSON';
}

export class RouteNotFoundError extends LedgerError {
  readonly code = 'ROUTE_NOT_FOUND';

  constructor(method: string, path: string) {
    super(`no route ${method} ${path}; the routes are listed at /docs`);
  }
}

/** Issues of one element of a POSTed array of commands. */
export interface IndexedIssues {
  /** 0-based index of the command in the array. */
  index: number;
  issues: readonly FieldIssue[];
}

/**
 * Some elements of a POSTed array do not fit the interchange format. Unlike a domain rule,
 * which stops at the first command that breaks it, every malformed element is reported.
 */
export class InvalidCommandsError extends LedgerError {
  readonly code = 'VALIDATION_FAILED';

  constructor(readonly elements: readonly IndexedIssues[]) {
    super(describe(elements), elements[0] === undefined ? undefined : `${elements[0].index}`);
  }
}

function describe(elements: readonly IndexedIssues[]): string {
  const all = elements.flatMap(({ index, issues }) =>
    issues.map((issue) => `command ${index}${issue.path ? `, ${issue.path}` : ''}: ${issue.message}`),
  );
  const more = all.length > 5 ? ` (and ${all.length - 5} more)` : '';
  return all.slice(0, 5).join('; ') + more;
}
