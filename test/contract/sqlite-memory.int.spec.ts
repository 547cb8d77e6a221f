import { openEventStore } from '../../src/store/index.js';
import { eventStoreContract } from './event-store-contract.js';

eventStoreContract('sqlite (memory)', () => openEventStore('sqlite::memory:'));
