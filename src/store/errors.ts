import { LedgerError } from '../ledger-error.js';
import type { ExpectedRevision } from './contract.js';

/** The stream's current revision did not match the expected one; nothing was written. */
export class WrongExpectedVersionError extends LedgerError {
  readonly code = 'WRONG_EXPECTED_VERSION';

  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or `no_stream` when it does not exist. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `stream "${streamName}" expected revision ${String(expected)} but is at ${String(actual)}`,
      streamName,
    );
  }

  /** Alias with the name `@eventstore/db-client` uses. */
  get expectedVersion(): ExpectedRevision {
    return this.expected;
  }

  /** Alias with the name `@eventstore/db-client` uses. */
  get actualVersion(): bigint | 'no_stream' {
    return this.actual;
  }
}

export class StreamNotFoundError extends LedgerError {
  readonly code = 'STREAM_NOT_FOUND';

  constructor(readonly streamName: string) {
    super(`stream "${streamName}" does not exist`, streamName);
  }
}

/** Input the store refuses before touching the log: bad names, unserialisable or oversized data. */
export class InvalidStoreInputError extends LedgerError {
  readonly code = 'INVALID_STORE_INPUT';

  constructor(message: string, where: string) {
    super(message, where);
  }
}

/** The engine cannot take writes (disk full, file read-only, server unreachable). Retryable. */
export class StoreUnavailableError extends LedgerError {
  readonly code = 'STORE_UNAVAILABLE';

  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** The connection string names no engine we know. */
export class UnsupportedStoreError extends LedgerError {
  readonly code = 'UNSUPPORTED_STORE';

  constructor(connectionString: string) {
    super(
      `unsupported store "${connectionString}": use sqlite:<path>, sqlite::memory: or esdb://host:port?tls=false`,
      'LEDGER_STORE',
    );
  }
}
