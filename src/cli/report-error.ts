import { errorRow } from '../api/error-table.js';
import { ValidationError } from '../domain/errors.js';
import { LedgerError } from '../ledger-error.js';
import { BatchRejectedError } from '../runtime/command-handler.js';
import { StoreUnavailableError } from '../store/errors.js';

/** How the runtime names an input that the CLI takes as a flag. */
const FLAG_OF_FIELD: Record<string, string> = { asOf: '--as-of', from: '--from', to: '--to' };

export interface ErrorReport {
  /** One line each, without a trailing newline, for stderr. */
  lines: string[];
  exitCode: number;
}

/**
 * Turns any error into what the user sees: lines naming what is wrong and where, and the exit
 * status of its code in the error table. Never a stack trace, unless LEDGER_DEBUG=1 asks.
 */
export function reportError(error: unknown, env: NodeJS.ProcessEnv = process.env): ErrorReport {
  if (error instanceof ValidationError) {
    return { lines: error.issues.map((issue) => `error: ${at(issue.path, issue.line)}${issue.message}`), exitCode: exitOf(error) };
  }
  if (error instanceof BatchRejectedError) {
    return { lines: [`error: command ${error.index + 1}: ${at(error.where)}${error.message}`], exitCode: exitOf(error) };
  }
  if (error instanceof LedgerError) {
    const retry = error instanceof StoreUnavailableError ? ` (retry in ${error.retryAfterSeconds} s)` : '';
    return { lines: [`error: ${at(error.where)}${error.message}${retry}`], exitCode: exitOf(error) };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (env['LEDGER_DEBUG'] === '1' && error instanceof Error && error.stack) {
    return { lines: [`error: unexpected: ${firstLine(message)}`, error.stack], exitCode: 1 };
  }
  return { lines: [`error: unexpected: ${firstLine(message)} (LEDGER_DEBUG=1 shows where)`], exitCode: 1 };
}

function exitOf(error: LedgerError): number {
  return errorRow(error.code).exitCode;
}

function at(where: string | undefined, line?: number): string {
  const parts = [line === undefined ? '' : `line ${line}`, where ? (FLAG_OF_FIELD[where] ?? where) : ''].filter(Boolean);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
