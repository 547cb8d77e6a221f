import { HEDGE_ORDER, RELIABILITY_ORDER } from '../../src/domain/commands.js';
import type { Candidate } from '../../src/domain/resolution.js';

/**
 * The resolution policy's order written as the README states it, straight from the
 * candidates' strings: hedge, then source reliability, then published time (newest first,
 * unknown oldest), then position (newest first). Tests hold the product's numeric ranking to it.
 */
export function byRank(a: Candidate, b: Candidate): number {
  return (
    HEDGE_ORDER.indexOf(a.hedge) - HEDGE_ORDER.indexOf(b.hedge) ||
    RELIABILITY_ORDER.indexOf(a.reliability) - RELIABILITY_ORDER.indexOf(b.reliability) ||
    newestFirst(publishedAt(a), publishedAt(b)) ||
    newestFirst(a.position, b.position)
  );
}

const publishedAt = (c: Candidate): number => (c.publishedAt === null ? -Infinity : Date.parse(c.publishedAt));

function newestFirst<T extends number | bigint>(a: T, b: T): number {
  return a === b ? 0 : a > b ? -1 : 1;
}
