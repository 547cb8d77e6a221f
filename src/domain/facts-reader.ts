import type { ClaimFacts } from './resolution.js';

/**
 * Reads a candidate's facts. The ledger's candidates carry the row of their claim as their
 * facts (projections/claim-table.ts) and its table reads them; the facts of a plain
 * `Candidate` are the candidate itself.
 */
export interface FactsReader<Facts> {
  /** The facts as an object: made now, or the facts themselves. */
  factsOf(facts: Facts): ClaimFacts;
  sourceOf(facts: Facts): string;
}

/** The reader of facts that are already `ClaimFacts`. */
export const PLAIN_FACTS: FactsReader<ClaimFacts> = {
  factsOf: (facts) => facts,
  sourceOf: (facts) => facts.sourceId,
};
