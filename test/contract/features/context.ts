import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import type { EventData, EventStore, JsonValue } from '../../../src/store/index.js';

export type StoreFactory = () => Promise<EventStore>;

/**
 * What every contract test gets. Stores opened through `open()` are closed after each test.
 * Tests never assume an empty log: on a server engine every test shares one, so streams get
 * unique names and positions are taken from the test's own appends.
 */
export interface ContractContext {
  open(): Promise<EventStore>;
  /** A stream name unique to this run: `<label>-<uuid>`. */
  stream(label: string): string;
}

export function createContext(factory: StoreFactory): ContractContext {
  const opened: EventStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  return {
    async open() {
      const store = await factory();
      opened.push(store);
      return store;
    },
    stream: (label) => `${label}-${randomUUID()}`,
  };
}

/** A valid event with a fresh UUID id. */
export function anEvent(data: JsonValue = { n: 0 }, type = 'ContractTested'): EventData {
  return { id: randomUUID(), type, data };
}

/** `count` events numbered from `from` in their data. */
export function events(count: number, from = 0): EventData[] {
  return Array.from({ length: count }, (_, i) => anEvent({ n: from + i }));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The rejection of a promise that must reject (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The error thrown by iterating an async iterable (fails the test if iteration ends cleanly). */
export async function iterationError(iterable: AsyncIterable<unknown>): Promise<unknown> {
  return rejectionOf(collect(iterable));
}
