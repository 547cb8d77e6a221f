import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError as ClientStreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import {
  InvalidStoreInputError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../../../src/store/index.js';
import { mapEsdbError } from '../../../src/store/esdb/map-errors.js';

/** gRPC status codes (the client's transport is a transitive dependency; not imported here). */
const status = { UNKNOWN: 2, DEADLINE_EXCEEDED: 4, UNAVAILABLE: 14 } as const;

/**
 * A raw gRPC ServiceError as the client leaves it on appends (seen against a closed port):
 * a numeric `code`, `details`, and metadata read through `getMap()`.
 */
function serviceError(code: number, details: string, entries: Record<string, string> = {}) {
  const metadata = { getMap: () => ({ ...entries }) };
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata });
}

describe('mapEsdbError', () => {
  it('WrongExpectedVersionError keeps stream, the caller\'s expectation and the actual revision', () => {
    const client = new ClientWrongExpectedVersionError(undefined, { streamName: 'claim-1', expected: 3n, current: 5n });
    const mapped = mapEsdbError(client, { streamName: 'claim-1', expectedRevision: 3n });
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamName: 'claim-1', expected: 3n, actual: 5n });
  });

  it('WrongExpectedVersionError from server metadata: wire values become the contract\'s words', () => {
    const raw = serviceError(status.UNKNOWN, 'wrong', {
      exception: 'wrong-expected-version',
      'stream-name': 'claim-2',
      'expected-version': '-1',
    });
    const mapped = mapEsdbError(raw);
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamName: 'claim-2', expected: 'no_stream', actual: 'no_stream' });
    const withActual = serviceError(status.UNKNOWN, 'wrong', {
      exception: 'wrong-expected-version',
      'stream-name': 'claim-2',
      'expected-version': '-4',
      'actual-version': '7',
    });
    expect(mapEsdbError(withActual)).toMatchObject({ expected: 'stream_exists', actual: 7n });
  });

  it('stream not found (and deleted) become StreamNotFoundError for the stream asked for', () => {
    expect(mapEsdbError(new ClientStreamNotFoundError(undefined, 'claim-3'))).toMatchObject({ streamName: 'claim-3' });
    expect(mapEsdbError(new ClientStreamNotFoundError(undefined, 'claim-3'))).toBeInstanceOf(StreamNotFoundError);
    expect(mapEsdbError(StreamDeletedError.fromStreamName('claim-4'), { streamName: 'claim-4' })).toBeInstanceOf(StreamNotFoundError);
  });

  it.each([
    ['UnavailableError', new UnavailableError()],
    ['DeadlineExceededError', new DeadlineExceededError()],
    ['CancelledError', new CancelledError()],
    ['AccessDeniedError', new AccessDeniedError()],
    ['a raw gRPC UNAVAILABLE', serviceError(status.UNAVAILABLE, 'No connection established')],
    ['a raw gRPC DEADLINE_EXCEEDED', serviceError(status.DEADLINE_EXCEEDED, 'Deadline exceeded')],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2113'), { code: 'ECONNREFUSED' })],
    ['failed discovery', new Error('Failed to discover after 10 attempts.')],
  ])('%s becomes a retryable StoreUnavailableError', (_name, error) => {
    const mapped = mapEsdbError(error);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as StoreUnavailableError).cause).toBe(error);
  });

  it('an append over the server\'s size limit is invalid input', () => {
    expect(mapEsdbError(MaxAppendSizeExceededError.fromMaxAppendSize(1024))).toBeInstanceOf(InvalidStoreInputError);
  });

  it('anything else passes through unchanged, so bugs are not retried forever', () => {
    const unknown = new UnknownError();
    expect(mapEsdbError(unknown)).toBe(unknown);
    const bug = new TypeError('x is not a function');
    expect(mapEsdbError(bug)).toBe(bug);
    const ours = new StoreUnavailableError('already ours');
    expect(mapEsdbError(ours)).toBe(ours);
  });
});
