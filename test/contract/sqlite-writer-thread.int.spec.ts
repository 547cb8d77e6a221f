import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { DEFAULT_MAX_EVENT_BYTES } from '../../src/store/index.js';
import { openSqliteEventStore } from '../../src/store/sqlite/open.js';
import { eventStoreContract } from './event-store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let opened = 0;
// Every commit goes through the writer thread, from the first append on.
eventStoreContract('sqlite (file, commits on a writer thread)', () =>
  openSqliteEventStore(join(dir, `run-${opened++}`, 'ledger.db'), { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, threadsAfterEvents: 1 }),
);
