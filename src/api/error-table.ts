/**
 * The one table that turns an error code into what a user sees: an HTTP status and title for
 * problem+json, and a CLI exit code. Every LedgerError code must have a row (a test checks).
 */
export interface ErrorRow {
  status: number;
  title: string;
  /** Exit status of the `ledger` command for this error. */
  exitCode: number;
}

export const ERROR_TABLE = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid input', exitCode: 2 },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON', exitCode: 2 },
  BAD_REQUEST: { status: 400, title: 'Bad request', exitCode: 2 },
  INVALID_STORE_INPUT: { status: 400, title: 'Invalid event for the store', exitCode: 2 },
  UNAUTHORIZED: { status: 401, title: 'Missing or unknown token', exitCode: 4 },
  FORBIDDEN: { status: 403, title: 'Token may not do this', exitCode: 4 },
  NOT_FOUND: { status: 404, title: 'Not found', exitCode: 5 },
  STREAM_NOT_FOUND: { status: 404, title: 'Stream not found', exitCode: 5 },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route', exitCode: 5 },
  WRONG_EXPECTED_VERSION: { status: 409, title: 'Concurrent change', exitCode: 6 },
  CLAIM_ALREADY_AMENDED: { status: 409, title: 'Claim already amended', exitCode: 6 },
  CLAIM_ALREADY_RETRACTED: { status: 409, title: 'Claim already retracted', exitCode: 6 },
  ID_CONFLICT: { status: 409, title: 'Id already used with a different body', exitCode: 6 },
  ALIAS_CONFLICT: { status: 409, title: 'Alias already points elsewhere', exitCode: 6 },
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed', exitCode: 6 },
  BODY_TOO_LARGE: { status: 413, title: 'Body too large', exitCode: 2 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type', exitCode: 2 },
  UNKNOWN_SOURCE: { status: 422, title: 'Unknown source', exitCode: 3 },
  UNKNOWN_REPORT: { status: 422, title: 'Unknown report', exitCode: 3 },
  UNKNOWN_CLAIM: { status: 422, title: 'Unknown claim', exitCode: 3 },
  CLAIM_RETRACTED: { status: 422, title: 'Claim retracted', exitCode: 3 },
  ALIAS_CYCLE: { status: 422, title: 'Alias cycle', exitCode: 3 },
  VALUE_INVALID: { status: 422, title: "Value does not fit the claim's property", exitCode: 3 },
  RATE_LIMITED: { status: 429, title: 'Too many requests', exitCode: 7 },
  UNSUPPORTED_STORE: { status: 500, title: 'Unsupported store', exitCode: 1 },
  INVALID_CONFIG: { status: 500, title: 'Invalid configuration', exitCode: 2 },
  INTERNAL: { status: 500, title: 'Internal error', exitCode: 1 },
  STORE_UNAVAILABLE: { status: 503, title: 'Store unavailable', exitCode: 8 },
  CHAIN_BROKEN: { status: 500, title: 'Hash chain broken: the log was altered', exitCode: 9 },
} as const satisfies Record<string, ErrorRow>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export function errorRow(code: string): ErrorRow {
  return (ERROR_TABLE as Record<string, ErrorRow>)[code] ?? ERROR_TABLE.INTERNAL;
}
