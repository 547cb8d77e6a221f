import { ValidationError, PreconditionFailedError, type FieldIssue } from '../domain/errors.js';
import { LedgerError } from '../ledger-error.js';
import { BatchRejectedError } from '../runtime/command-handler.js';
import { StoreUnavailableError } from '../store/errors.js';
import { ERROR_TABLE, errorRow, type ErrorCode } from './error-table.js';
import { InvalidCommandsError, RateLimitedError } from './errors.js';

/** One thing wrong with the input, as problem+json lists it. */
export interface ProblemItem {
  /** Dotted field path (`value.min`), a query parameter (`asOf`) or a header (`If-Match`). */
  path: string;
  message: string;
  /** 0-based index of the command in a POSTed array. */
  index?: number;
  /** 1-based line, for NDJSON input. */
  line?: number;
}

/** RFC 9457 problem details, with the ledger's error code and the items that failed. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: ProblemItem[];
  /** With 412: the claim's current ETag, to read again and retry. */
  currentEtag?: string;
}

export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function problemType(code: string): string {
  return `urn:claims-ledger:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * Turns anything thrown while serving a request into the problem a client sees. The status
 * and title come from the error table only; a message is shown only for errors we raise on
 * purpose or Fastify's client errors, never for an unexpected error (its detail is logged).
 */
export function problemOf(error: unknown, instance?: string): ProblemResponse {
  const { code, detail, errors } = describe(error);
  const row = errorRow(code);
  const problem: Problem = {
    type: problemType(code),
    title: row.title,
    status: row.status,
    detail,
    code,
    ...(instance === undefined ? {} : { instance }),
    ...(errors.length > 0 ? { errors } : {}),
  };
  return { problem, headers: headersOf(error, problem) };
}

function describe(error: unknown): { code: string; detail: string; errors: ProblemItem[] } {
  if (error instanceof LedgerError) {
    // A code without a row is a bug of ours: the client sees a plain 500, its message still helps.
    const code = Object.hasOwn(ERROR_TABLE, error.code) ? error.code : 'INTERNAL';
    return { code, detail: error.message, errors: itemsOf(error) };
  }
  const fastify = error as { code?: unknown; statusCode?: unknown; message?: unknown; validation?: unknown };
  if (Array.isArray(fastify.validation)) return describeValidation(error as FastifyValidationError);
  const known = typeof fastify.code === 'string' ? FASTIFY_CODES[fastify.code] : undefined;
  const status = typeof fastify.statusCode === 'number' ? fastify.statusCode : 500;
  const message = typeof fastify.message === 'string' ? fastify.message : 'bad request';
  if (known === 'UNSUPPORTED_MEDIA_TYPE') {
    return { code: known, detail: `${message}; send application/json`, errors: [] };
  }
  if (known) return { code: known, detail: message, errors: [] };
  if (status >= 400 && status < 500) return { code: 'BAD_REQUEST', detail: message, errors: [] };
  return { code: 'INTERNAL', detail: 'the server failed to answer this request; the error is in its log', errors: [] };
}

interface FastifyValidationError {
  validation: { instancePath?: string; message?: string }[];
  validationContext?: string;
}

function describeValidation(error: FastifyValidationError): { code: string; detail: string; errors: ProblemItem[] } {
  const part = error.validationContext === 'querystring' ? 'query parameter' : (error.validationContext ?? 'input');
  const errors = error.validation.map((issue) => ({
    path: (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.'),
    message: issue.message ?? 'is invalid',
  }));
  const detail = errors.map((item) => `${part} ${item.path || '(whole)'}: ${item.message}`).join('; ');
  return { code: 'VALIDATION_FAILED', detail, errors };
}

function itemsOf(error: LedgerError): ProblemItem[] {
  if (error instanceof BatchRejectedError) return itemsOf(error.error).map((item) => ({ ...item, index: error.index }));
  if (error instanceof InvalidCommandsError) {
    return error.elements.flatMap(({ index, issues }) => issues.map((issue) => ({ ...fieldItem(issue), index })));
  }
  if (error instanceof ValidationError) return error.issues.map(fieldItem);
  return error.where === undefined ? [] : [{ path: error.where, message: error.message }];
}

function fieldItem(issue: FieldIssue): ProblemItem {
  return { path: issue.path, message: issue.message, ...(issue.line === undefined ? {} : { line: issue.line }) };
}

function headersOf(error: unknown, problem: Problem): Record<string, string> {
  const inner = error instanceof BatchRejectedError ? error.error : error;
  const headers: Record<string, string> = {};
  if (problem.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer realm="claims-ledger"';
  if (inner instanceof PreconditionFailedError) {
    headers.etag = inner.currentEtag;
    problem.currentEtag = inner.currentEtag;
  }
  if (inner instanceof StoreUnavailableError || inner instanceof RateLimitedError) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(inner.retryAfterSeconds)));
  }
  return headers;
}
