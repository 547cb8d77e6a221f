import type { Candidate } from '../../src/domain/resolution.js';
import { exact } from './commands.js';

/** A candidate that ties on everything unless told otherwise (a count of 150, stated, source s1). */
export const candidate = (claimId: string, extra: Partial<Candidate> = {}): Candidate => ({
  claimId,
  value: exact(150),
  sourceId: 's1',
  reportId: 'r1',
  hedge: 'stated',
  position: 1n,
  reliability: 'C',
  publishedAt: null,
  ...extra,
});
