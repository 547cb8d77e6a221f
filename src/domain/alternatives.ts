import { intervalOf, type Interval, type Quantity } from './quantity.js';
import type { ClaimFacts } from './resolution.js';
import { PLAIN_FACTS, type FactsReader } from './facts-reader.js';

/** A standing claim that lost the ranking for a key, as bodies show it. */
export interface Alternative {
  value: unknown;
  interval?: Interval;
  claimId: string;
  sourceId: string;
  reportId: string;
  hedge: ClaimFacts['hedge'];
  quote?: string;
}

/**
 * The standing claims a resolved value was not chosen from, best first. It keeps only each
 * claim's facts as its reader takes them (for the ledger, the claim's row in its claim table)
 * and its value under the key, and makes an `Alternative` when one is asked for: written as JSON, listed, iterated. Most reads look at
 * few of them or none (a count, one page of transfers), and at a million events the transfers
 * view has ~456k: made at once, they were ~58 MB of the ~126 MB the view keeps and ~0.6 s of
 * the four views' ~3.7 s (by hand, the bench's 1M log, 13 alternating pairs).
 */
export class Alternatives implements Iterable<Alternative> {
  static readonly NONE = Alternatives.of<ClaimFacts>([], [], false, PLAIN_FACTS);

  /** Each claim's facts as its reader takes them: the ledger's are rows of its claim table. */
  readonly #facts: readonly unknown[];
  /** Each claim's value under the key: its own, or its share of it (a group's number, a facility). */
  readonly #values: readonly unknown[];
  readonly #quantity: boolean;
  readonly #reader: FactsReader<unknown>;

  private constructor(facts: readonly unknown[], values: readonly unknown[], quantity: boolean, reader: FactsReader<unknown>) {
    this.#facts = facts;
    this.#values = values;
    this.#quantity = quantity;
    this.#reader = reader;
  }

  /** @param quantity whether the values are quantities, which alternatives show with their interval */
  static of<Facts>(facts: readonly Facts[], values: readonly unknown[], quantity: boolean, reader: FactsReader<Facts>): Alternatives {
    return new Alternatives(facts, values, quantity, reader as FactsReader<unknown>);
  }

  get length(): number {
    return this.#facts.length;
  }

  /** The alternative at `index` (best first), made now; undefined past the end. */
  at(index: number): Alternative | undefined {
    return index >= 0 && index < this.#facts.length ? this.#make(index) : undefined;
  }

  /** Adds the source of each alternative to `sources`, without making the alternatives. */
  addSourceIdsTo(sources: Set<string>): void {
    for (const facts of this.#facts) sources.add(this.#reader.sourceOf(facts));
  }

  *[Symbol.iterator](): IterableIterator<Alternative> {
    for (let i = 0; i < this.#facts.length; i += 1) yield this.#make(i);
  }

  map<T>(mapper: (alternative: Alternative, index: number) => T): T[] {
    const mapped = new Array<T>(this.#facts.length);
    for (let i = 0; i < this.#facts.length; i += 1) mapped[i] = mapper(this.#make(i), i);
    return mapped;
  }

  /** Bodies show the alternatives as a list. */
  toJSON(): Alternative[] {
    return this.map((alternative) => alternative);
  }

  /** Built field by field in the order bodies show them, without spreads (see resolveRanked). */
  #make(index: number): Alternative {
    const facts = this.#reader.factsOf(this.#facts[index]);
    const value = this.#values[index];
    const alternative: Alternative = this.#quantity
      ? { value, interval: intervalOf(value as Quantity), claimId: facts.claimId, sourceId: facts.sourceId, reportId: facts.reportId, hedge: facts.hedge }
      : { value, claimId: facts.claimId, sourceId: facts.sourceId, reportId: facts.reportId, hedge: facts.hedge };
    if (facts.quote !== undefined) alternative.quote = facts.quote;
    return alternative;
  }
}
