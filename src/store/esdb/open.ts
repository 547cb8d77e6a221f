import { EventStoreDBClient, excludeSystemEvents } from '@eventstore/db-client';
import type { EventStore } from '../contract.js';
import { appendToStream } from './append.js';
import { lastLedgerPosition, lastPositionOfAll, readAll } from './read-all.js';
import { readStream } from './read-stream.js';
import { subscribeToAll, type SubscribeDeps } from './subscribe.js';
import { inPages } from '../in-pages.js';

/** Events per page of `readAllPages`: as many as a SQLite page holds. */
const READ_ALL_PAGE_SIZE = 1_000;

export interface EsdbEventStoreOptions {
  /** Largest serialised event (data + metadata) accepted, in bytes; checked before sending. */
  maxEventBytes: number;
}

/**
 * The EventStoreDB / KurrentDB engine over `@eventstore/db-client` 6. Accepts `esdb://`,
 * `esdb+discover://` and their `kurrentdb` spellings (which this client does not know, so they
 * are rewritten). The client connects lazily: an unreachable server shows up as
 * StoreUnavailableError on the first call, not here. No hash chain: the server is the
 * authority on its own log, so `integrity` is absent.
 */
export async function openEsdbEventStore(connectionString: string, options: EsdbEventStoreOptions): Promise<EventStore> {
  const client = EventStoreDBClient.connectionString(connectionString.replace(/^kurrentdb(\+discover)?:/, 'esdb$1:'));
  const deps: SubscribeDeps = {
    open: (fromPosition) => {
      const subscription = client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() });
      return {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        async unsubscribe() {
          await subscription.unsubscribe();
          // Cancelling the gRPC call does not end the Readable; destroying it ends the iteration.
          subscription.destroy();
        },
      };
    },
    lastPosition: () => lastPositionOfAll(client),
  };
  return {
    engine: 'esdb',
    appendToStream: (streamName, events, appendOptions) =>
      appendToStream(client, streamName, events, appendOptions, options.maxEventBytes),
    readStream: (streamName, readOptions) => readStream(client, streamName, readOptions),
    readAll: (readOptions) => readAll(client, readOptions),
    readAllPages: (readOptions) => inPages(readAll(client, readOptions), READ_ALL_PAGE_SIZE),
    subscribeToAll: (subscribeOptions) => subscribeToAll(deps, subscribeOptions),
    headPosition: () => lastLedgerPosition(client),
    close: () => client.dispose(),
  };
}
