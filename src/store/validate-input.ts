import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  MAX_EVENT_ID_BYTES,
  MAX_EVENT_TYPE_BYTES,
  MAX_STREAM_NAME_BYTES,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  type AppendOptions,
  type Direction,
  type EventData,
  type ExpectedRevision,
  type JsonObject,
  type JsonValue,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
} from './contract.js';
import { InvalidStoreInputError } from './errors.js';
import { findNonJson } from './validate-json.js';
import { canonicalJson } from '../canonical-json.js';
import { isWellFormedText } from '../well-formed-text.js';

/**
 * An event that passed validation, with its JSON text computed once for size, storage and
 * hashing. The text is canonical (RFC 8785): what an engine stores is then exactly what its
 * hash chain covers, and the event is encoded once, not once to store and once to hash.
 */
export interface PreparedEvent {
  id: string;
  type: string;
  data: JsonValue;
  metadata: JsonObject;
  dataJson: string;
  metadataJson: string;
}

export interface PreparedAppend {
  streamName: string;
  expectedRevision: ExpectedRevision;
  events: PreparedEvent[];
}

/**
 * Checks an append before any engine touches the log; every problem is an
 * `InvalidStoreInputError` naming the offending place (`events[2].data.x`).
 */
export function prepareAppend(
  streamName: unknown,
  events: unknown,
  options: AppendOptions | undefined,
  maxEventBytes: number,
): PreparedAppend {
  const checked = checkAppend(streamName, events, options);
  const encoded = checked.events.map(createEventEncoder(maxEventBytes));
  return { streamName: checked.streamName, expectedRevision: checked.expectedRevision, events: encoded };
}

/** An event whose shape, id and type passed; its data and metadata are left to the encoder. */
export interface CheckedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
}

/**
 * An append checked as far as it can be without encoding its events: the stream name, the
 * expected revision, and each event's shape, id (distinct within the append) and type. An
 * engine can then decide the append (revision, retry) before its events are encoded.
 */
export interface CheckedAppend {
  streamName: string;
  expectedRevision: ExpectedRevision;
  events: CheckedEvent[];
}

/** The first of the two passes of `prepareAppend`: everything but data and metadata. */
export function checkAppend(streamName: unknown, events: unknown, options: AppendOptions | undefined): CheckedAppend {
  const name = validateStreamName(streamName);
  const expectedRevision = validateExpectedRevision(options?.expectedRevision ?? ANY);
  const list: unknown[] = Array.isArray(events) ? events : [events];
  if (list.length === 0) throw new InvalidStoreInputError('an append needs at least one event', 'events');
  const seenIds = new Map<string, number>();
  const checked = list.map((event, index) => {
    const where = `events[${index}]`;
    const shaped = checkEvent(event, where);
    const earlier = seenIds.get(shaped.id);
    if (earlier !== undefined) {
      throw new InvalidStoreInputError(`event id "${shaped.id}" repeats events[${earlier}].id`, `${where}.id`);
    }
    seenIds.set(shaped.id, index);
    return shaped;
  });
  return { streamName: name, expectedRevision, events: checked };
}

/**
 * The second pass: checks a checked event's data and metadata and encodes them, given its
 * index in the append. One encoder serves one append, in any number of parts.
 */
export function createEventEncoder(maxEventBytes: number): (event: CheckedEvent, index: number) => PreparedEvent {
  // The events of one append usually share one metadata object: it is encoded once.
  const encodedMetadata = new Map<object, string>();
  return (event, index) => encodeEvent(event, `events[${index}]`, maxEventBytes, encodedMetadata);
}

/** A checked append's events encoded `size` at a time, in order; a part is encoded only when asked for. */
export function* encodeInParts(
  append: CheckedAppend,
  maxEventBytes: number,
  size: number,
): Generator<PreparedEvent[], void, undefined> {
  const encode = createEventEncoder(maxEventBytes);
  for (let from = 0; from < append.events.length; from += size) {
    yield append.events.slice(from, from + size).map((event, i) => encode(event, from + i));
  }
}

function checkEvent(event: unknown, where: string): CheckedEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidStoreInputError('an event must be an object { id, type, data, metadata? }', where);
  }
  const { id, type, data, metadata } = event as Partial<EventData> & Record<string, unknown>;
  const checkedId = validateText(id, `${where}.id`, 'event id', MAX_EVENT_ID_BYTES);
  const checkedType = validateText(type, `${where}.type`, 'event type', MAX_EVENT_TYPE_BYTES);
  if (checkedType.startsWith('$')) {
    throw new InvalidStoreInputError('event types starting with "$" are reserved for system events', `${where}.type`);
  }
  if (!('data' in event)) throw new InvalidStoreInputError('event data is missing', `${where}.data`);
  return { id: checkedId, type: checkedType, data, metadata };
}

function encodeEvent(
  event: CheckedEvent,
  where: string,
  maxEventBytes: number,
  encodedMetadata: Map<object, string>,
): PreparedEvent {
  const { data } = event;
  rejectNonJson(data, `${where}.data`);
  const meta = event.metadata ?? {};
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new InvalidStoreInputError('event metadata must be a JSON object', `${where}.metadata`);
  }
  let metadataJson = encodedMetadata.get(meta);
  if (metadataJson === undefined) {
    rejectNonJson(meta, `${where}.metadata`);
    encodedMetadata.set(meta, (metadataJson = canonicalJson(meta)));
  }
  const dataJson = canonicalJson(data);
  const bytes = Buffer.byteLength(dataJson, 'utf8') + Buffer.byteLength(metadataJson, 'utf8');
  if (bytes > maxEventBytes) {
    throw new InvalidStoreInputError(
      `event is ${bytes} bytes of JSON (data + metadata), more than the ${maxEventBytes} allowed`,
      where,
    );
  }
  return {
    id: event.id,
    type: event.type,
    data: data as JsonValue,
    metadata: meta as JsonObject,
    dataJson,
    metadataJson,
  };
}

function rejectNonJson(value: unknown, where: string): void {
  const found = findNonJson(value, where);
  if (found) throw new InvalidStoreInputError(`not JSON-serialisable: ${found.problem}`, found.path);
}

function validateText(value: unknown, where: string, what: string, maxBytes: number): string {
  if (typeof value !== 'string') throw new InvalidStoreInputError(`${what} must be a string`, where);
  if (value.length === 0) throw new InvalidStoreInputError(`${what} is empty`, where);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > maxBytes) {
    throw new InvalidStoreInputError(`${what} is ${bytes} bytes of UTF-8, more than the ${maxBytes} allowed`, where);
  }
  if (!isWellFormedText(value)) {
    throw new InvalidStoreInputError(`${what} contains a lone UTF-16 surrogate`, where);
  }
  // Control characters in names are always a bug upstream (a stray newline or NUL byte).
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidStoreInputError(`${what} contains a control character`, where);
  }
  return value;
}

/** Stream names: non-empty, at most MAX_STREAM_NAME_BYTES, no reserved `$` prefix. */
export function validateStreamName(value: unknown, where = 'streamName'): string {
  const name = validateText(value, where, 'stream name', MAX_STREAM_NAME_BYTES);
  if (name.startsWith('$')) {
    throw new InvalidStoreInputError('stream names starting with "$" are reserved for system streams', where);
  }
  return name;
}

function validateExpectedRevision(value: unknown): ExpectedRevision {
  if (value === ANY || value === NO_STREAM || value === STREAM_EXISTS) return value;
  if (typeof value === 'bigint' && value >= 0n) return value;
  throw new InvalidStoreInputError(
    `expectedRevision must be "${ANY}", "${NO_STREAM}", "${STREAM_EXISTS}" or a bigint >= 0n, got ${describe(value)}`,
    'options.expectedRevision',
  );
}

export interface CheckedReadOptions {
  from: bigint | typeof START | typeof END;
  direction: Direction;
  /** `Infinity` when unlimited (a bigint beyond 2^53 is as good as unlimited). */
  maxCount: number;
}

export function validateReadStreamOptions(options: ReadStreamOptions | undefined): CheckedReadOptions {
  return validateRead(options?.fromRevision, 'options.fromRevision', options?.direction, options?.maxCount);
}

export function validateReadAllOptions(options: ReadAllOptions | undefined): CheckedReadOptions {
  return validateRead(options?.fromPosition, 'options.fromPosition', options?.direction, options?.maxCount);
}

export function validateSubscribeOptions(
  options: SubscribeToAllOptions | undefined,
): bigint | typeof START | typeof END {
  return validateFrom(options?.fromPosition ?? START, 'options.fromPosition');
}

function validateRead(
  from: unknown,
  fromWhere: string,
  direction: unknown,
  maxCount: unknown,
): CheckedReadOptions {
  const dir = direction ?? FORWARDS;
  if (dir !== FORWARDS && dir !== BACKWARDS) {
    throw new InvalidStoreInputError(`direction must be "${FORWARDS}" or "${BACKWARDS}"`, 'options.direction');
  }
  const defaultFrom = dir === FORWARDS ? START : END;
  return {
    from: validateFrom(from ?? defaultFrom, fromWhere),
    direction: dir,
    maxCount: validateMaxCount(maxCount),
  };
}

function validateFrom(value: unknown, where: string): bigint | typeof START | typeof END {
  if (value === START || value === END) return value;
  if (typeof value === 'bigint' && value >= 0n) return value;
  throw new InvalidStoreInputError(`must be "${START}", "${END}" or a bigint >= 0n, got ${describe(value)}`, where);
}

function validateMaxCount(value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value === 'bigint' && value >= 0n) {
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(value);
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new InvalidStoreInputError(`maxCount must be a non-negative integer, got ${describe(value)}`, 'options.maxCount');
}

function describe(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? `"${value}"` : String(value);
}
