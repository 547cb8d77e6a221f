import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { DEFAULT_MAX_EVENT_BYTES } from '../../src/store/index.js';
import { openSqliteEventStore } from '../../src/store/sqlite/open.js';
import { eventStoreContract } from './event-store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let opened = 0;
// Every forward readAll goes through the read-ahead worker, however short.
eventStoreContract('sqlite (file, reads ahead on a worker thread)', () =>
  openSqliteEventStore(join(dir, `run-${opened++}`, 'ledger.db'), { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, readAheadMinEvents: 1 }),
);
