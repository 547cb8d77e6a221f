import { DEFAULT_MAX_EVENT_BYTES, type EventStore, type OpenEventStoreOptions } from './contract.js';
import { UnsupportedStoreError } from './errors.js';
import { openSqliteEventStore } from './sqlite/open.js';

export * from './contract.js';
export * from './errors.js';
export { checkExpectedRevision } from './expected-revision.js';

/**
 * Opens the engine a connection string names:
 * `sqlite:<path>` (file, created if missing), `sqlite::memory:`, or `esdb://host:port?tls=false`
 * (also `kurrentdb://`, `esdb+discover://`).
 */
export async function openEventStore(
  connectionString: string,
  options: OpenEventStoreOptions = {},
): Promise<EventStore> {
  const resolved = { maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES };
  if (connectionString.startsWith('sqlite:')) {
    return openSqliteEventStore(connectionString.slice('sqlite:'.length), resolved);
  }
  if (/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(connectionString)) {
    // Loaded on demand: the EventStoreDB client (gRPC) costs every short-lived `ledger`
    // command about 0.3 s of start-up, and most never touch it.
    const { openEsdbEventStore } = await import('./esdb/open.js');
    return openEsdbEventStore(connectionString, resolved);
  }
  throw new UnsupportedStoreError(connectionString);
}
