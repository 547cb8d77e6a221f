/**
 * The event-store contract every engine implements. Names and semantics follow
 * `@eventstore/db-client`: revisions are per-stream bigints from 0, positions are global
 * bigints in commit order (opaque: strictly increasing, gaps allowed on EventStoreDB).
 */

import type { ExpectedRevision } from './expected-revision.js';

export { ANY, NO_STREAM, STREAM_EXISTS, type ExpectedRevision } from './expected-revision.js';
export const START = 'start';
export const END = 'end';
export const FORWARDS = 'forwards';
export const BACKWARDS = 'backwards';

export type Direction = typeof FORWARDS | typeof BACKWARDS;

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

/** An event as the caller hands it to `appendToStream`. */
export interface EventData<Data extends JsonValue = JsonValue> {
  /**
   * Identifies the event for retries: re-appending the same ids at the same place is an
   * idempotent no-op (see `appendToStream` for what each engine recognises as a retry).
   * Non-empty, at most `MAX_EVENT_ID_BYTES`. Deterministic UUIDs (e.g. v5) are best: the esdb
   * engine passes lowercase UUIDs through and maps any other id to a UUIDv5 of it.
   */
  id: string;
  /** Non-empty, at most `MAX_EVENT_TYPE_BYTES`; a leading `$` is reserved for system events. */
  type: string;
  data: Data;
  metadata?: JsonObject;
}

/** An event as the store returns it. */
export interface RecordedEvent<Data extends JsonValue = JsonValue> {
  streamId: string;
  id: string;
  revision: bigint;
  /**
   * Global position in commit order. sqlite: gapless from 1 (position p is the p-th event).
   * EventStoreDB: the commit position, a byte offset with gaps. Treat it as opaque.
   */
  position: bigint;
  type: string;
  data: Data;
  metadata: JsonObject;
  /**
   * Recorded time: when the store committed it. sqlite: never decreases along positions, even
   * if the clock steps back. EventStoreDB: the server's timestamp.
   */
  created: Date;
}

export interface AppendOptions {
  /** @defaultValue `ANY` */
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  success: true;
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: bigint;
  /** Position of the last event of this append. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** Inclusive. @defaultValue `START` forwards, `END` backwards */
  fromRevision?: bigint | typeof START | typeof END;
  /** @defaultValue `FORWARDS` */
  direction?: Direction;
  /** @defaultValue unlimited */
  maxCount?: number | bigint;
}

export interface ReadAllOptions {
  /** Inclusive. @defaultValue `START` forwards, `END` backwards */
  fromPosition?: bigint | typeof START | typeof END;
  /** @defaultValue `FORWARDS` */
  direction?: Direction;
  /** @defaultValue unlimited */
  maxCount?: number | bigint;
}

export interface SubscribeToAllOptions {
  /**
   * Exclusive, as on EventStoreDB: events after this position are delivered.
   * @defaultValue `START` (everything)
   */
  fromPosition?: bigint | typeof START | typeof END;
}

/**
 * Catch-up then live, in commit order, with no gap and no duplicate; one consumer. sqlite sees
 * appends from other processes on the same file within about 100 ms. EventStoreDB: a dropped
 * connection is resubscribed by itself (backoff, from the last delivered position); an error
 * that retrying cannot fix ends the iteration by throwing.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Ends the iteration; pending `next()` calls resolve as done. */
  unsubscribe(): Promise<void>;
}

/** The head of the hash chain, for users to anchor elsewhere. */
export interface ChainHead {
  position: bigint | null;
  hash: string;
}

export type ChainVerification =
  | { ok: true; events: number; head: ChainHead }
  | { ok: false; events: number; firstBadPosition: bigint; problem: string; head: ChainHead };

export interface EventStore {
  /** Which engine answers: `sqlite` or `esdb`. */
  readonly engine: 'sqlite' | 'esdb';

  /**
   * Atomic: all events are written or none. At least one event; a `$` prefix on the stream
   * name is reserved. Bad input is refused with `InvalidStoreInputError` before anything is
   * written.
   *
   * sqlite engine guarantees: an append resolves only once it is durable on disk; appends
   * issued by one caller without awaiting are committed in call order (FIFO), possibly in one
   * shared transaction (group commit), each still with its own atomicity and revision check;
   * retries are recognised as EventStoreDB recognises them: at an exact revision or
   * `NO_STREAM`, by the ids that follow that revision; at `ANY`/`STREAM_EXISTS`, by the ids
   * among the stream's last events (the append's own count plus `RETRY_WINDOW`, 100): all of
   * them in order is the retry, some of them a conflict. Like EventStoreDB, it does not keep
   * ids unique across a whole stream: an id appended again at a new exact revision is a new
   * event.
   */
  appendToStream(
    streamName: string,
    events: EventData | readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /**
   * Lazy and paged. Throws `StreamNotFoundError` (on first iteration) for a missing stream, and
   * `InvalidStoreInputError` (also on first iteration) for a bad name or options.
   */
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;

  /** Lazy and paged: never holds the whole log in memory. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * `readAll`'s events, in the same order, as the pages the engine reads them in (none empty,
   * each of at most a few thousand events). A consumer that folds a long log takes one async
   * step per page instead of one per event: ~6% of a million-event rebuild here.
   */
  readAllPages(options?: ReadAllOptions): AsyncIterable<readonly RecordedEvent[]>;

  subscribeToAll(options?: SubscribeToAllOptions): Subscription;

  /** Position of the last committed event, or null for an empty log. */
  headPosition(): Promise<bigint | null>;

  /** Tamper evidence; only engines that keep a hash chain have it. */
  readonly integrity?: {
    head(): Promise<ChainHead>;
    verify(onProgress?: (checked: number) => void): Promise<ChainVerification>;
  };

  close(): Promise<void>;
}

export interface OpenEventStoreOptions {
  /** Largest serialised event (data + metadata) accepted. @defaultValue 1 MiB */
  maxEventBytes?: number;
}

/** Longest stream name accepted, in UTF-8 bytes. */
export const MAX_STREAM_NAME_BYTES = 1024;
/** Longest event id accepted, in UTF-8 bytes. */
export const MAX_EVENT_ID_BYTES = 256;
/** Longest event type accepted, in UTF-8 bytes. */
export const MAX_EVENT_TYPE_BYTES = 256;
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
