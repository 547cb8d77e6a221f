import { describe } from 'vitest';
import { appendTests } from './features/append.js';
import { concurrencyTests } from './features/concurrency.js';
import { createContext, type StoreFactory } from './features/context.js';
import { idempotencyTests } from './features/idempotency.js';
import { largeReadTests } from './features/large-read.js';
import { readAllTests } from './features/read-all.js';
import { readStreamTests } from './features/reads.js';
import { subscriptionTests } from './features/subscription.js';
import { validationTests } from './features/validation.js';

export type { StoreFactory } from './features/context.js';

/**
 * The event-store contract (DESIGN.md section 6), registered once per engine. `factory` opens
 * a store; each test closes what it opened. Tests must pass on a fresh log and on a log shared
 * with earlier tests, so they use their own streams and positions.
 */
export function eventStoreContract(engine: string, factory: StoreFactory): void {
  describe(`event store contract: ${engine}`, () => {
    const ctx = createContext(factory);
    appendTests(ctx);
    idempotencyTests(ctx);
    readStreamTests(ctx);
    readAllTests(ctx);
    subscriptionTests(ctx);
    concurrencyTests(ctx);
    validationTests(ctx);
    largeReadTests(ctx);
  });
}
