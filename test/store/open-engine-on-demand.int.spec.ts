import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { openEventStore } from '../../src/store/index.js';

const loadedEsdbModules = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('@eventstore')).length;

describe('openEventStore', () => {
  it('does not load the EventStoreDB client for a sqlite store (it would slow every CLI command)', async () => {
    const store = await openEventStore('sqlite::memory:');
    await store.close();
    expect(loadedEsdbModules()).toBe(0);
  });
});
