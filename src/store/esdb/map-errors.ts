import {
  convertToCommandError,
  ErrorType,
  isCommandError,
  type AppendExpectedRevision,
  type CurrentRevision,
} from '@eventstore/db-client';
import { ANY, NO_STREAM, STREAM_EXISTS, type ExpectedRevision } from '../contract.js';
import {
  InvalidStoreInputError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors.js';
import { LedgerError } from '../../ledger-error.js';

/** What the failed call was about, to fill in facts the client's error may lack. */
export interface EsdbErrorContext {
  streamName?: string;
  expectedRevision?: ExpectedRevision;
}

/** Socket-level failures that may reach us before gRPC wraps them. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * The one place where `@eventstore/db-client` errors become the ledger's own. gRPC service
 * errors that the client left raw (it does so for appends) are converted first. Unknown
 * errors pass through unchanged: hiding a bug as "unavailable" would make it retry forever.
 */
export function mapEsdbError(error: unknown, context: EsdbErrorContext = {}): unknown {
  if (error instanceof LedgerError || !(error instanceof Error)) return error;
  const converted = isCommandError(error) ? error : convertToCommandError(error);
  if (!isCommandError(converted)) return mapPlainError(converted);
  const unavailable = (why: string) =>
    new StoreUnavailableError(`EventStoreDB is unavailable (${why}): ${converted.message}`, 1, error);
  switch (converted.type) {
    case ErrorType.WRONG_EXPECTED_VERSION:
      return new WrongExpectedVersionError(
        converted.streamName || context.streamName || '',
        context.expectedRevision ?? fromClientExpected(converted.expectedVersion),
        fromClientCurrent(converted.actualVersion),
      );
    case ErrorType.STREAM_NOT_FOUND:
    case ErrorType.STREAM_DELETED:
      return new StreamNotFoundError(context.streamName ?? converted.streamName);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new InvalidStoreInputError(
        `the append is larger than the server accepts (${converted.maxAppendSize} bytes)`,
        'events',
      );
    case ErrorType.UNAVAILABLE:
      return unavailable('unreachable');
    case ErrorType.DEADLINE_EXCEEDED:
    case ErrorType.TIMEOUT:
      return unavailable('timed out');
    case ErrorType.NOT_LEADER:
      return unavailable('not the leader');
    case ErrorType.CANCELLED:
      return unavailable('call cancelled by the server');
    case ErrorType.ACCESS_DENIED:
      return unavailable('access denied: check the credentials in the connection string');
    default:
      return converted;
  }
}

function mapPlainError(error: Error): unknown {
  const code = (error as { code?: unknown }).code;
  if ((typeof code === 'string' && NETWORK_CODES.has(code)) || /Failed to discover/.test(error.message)) {
    return new StoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, 1, error);
  }
  return error;
}

/** The client reports wire values for some expectations (-1 no stream, -2 any, -4 exists). */
function fromClientExpected(expected: AppendExpectedRevision): ExpectedRevision {
  if (typeof expected !== 'bigint') return expected;
  if (expected === -1n) return NO_STREAM;
  if (expected === -2n) return ANY;
  if (expected === -4n) return STREAM_EXISTS;
  return expected;
}

function fromClientCurrent(current: CurrentRevision): bigint | typeof NO_STREAM {
  return typeof current === 'bigint' && current < 0n ? NO_STREAM : current;
}
