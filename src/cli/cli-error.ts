import { ERROR_TABLE, type ErrorCode } from '../api/error-table.js';
import { LedgerError } from '../ledger-error.js';

/**
 * An error the CLI itself raises about its input (a missing file, a store that does not
 * exist, a file with bad lines). Its code picks the exit status from the one error table.
 */
export class CliError extends LedgerError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    where?: string,
  ) {
    super(message, where);
  }
}

/** Exit status when `verify` finds the hash chain broken (not an error of the input). */
export const CHAIN_BROKEN_EXIT = ERROR_TABLE.CHAIN_BROKEN.exitCode;

/**
 * Ends a command with an exit status after it has already told the user why (bad lines,
 * a broken chain). The entry point exits with `exitCode` and prints nothing more.
 */
export class ExitStatus extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
