import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openEventStore } from '../../src/store/index.js';
import { eventStoreContract } from './event-store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let opened = 0;
// A fresh file per store, in a directory that does not exist yet (the engine creates it).
eventStoreContract('sqlite (file)', () => openEventStore(`sqlite:${join(dir, `run-${opened++}`, 'ledger.db')}`));
