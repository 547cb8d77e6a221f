import { HEDGE_ORDER, type ValidTime } from '../src/domain/commands.js';
import type { ClaimAmended, ClaimAsserted, ClaimRetracted, DataOf } from '../src/domain/events.js';
import type { ClaimFacts } from '../src/domain/resolution.js';
import type { FactsReader } from '../src/domain/facts-reader.js';
import { partitionPoint, type ClaimRecord, type Recorded } from './ledger-state.js';
import { RowIndex } from './row-index.js';
import { Names, SharedValidTimes } from './shared-values.js';

/** A claim's data: an assertion's, or an amendment's with what it amends and why. */
export type ClaimEvent = DataOf<ClaimAsserted | ClaimAmended>;

/**
 * The retraction's event index of a claim nobody retracted: later than any event, since
 * event indexes are kept as 32-bit integers and the table refuses any from this one on.
 */
const NOT_RETRACTED = 0x7fffffff;

const NO_AMENDERS: readonly string[] = Object.freeze([]);

const CHUNK_BITS = 16;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK_ROWS - 1;

/**
 * The numbers kept for each row, side by side: the walk of the views reads several of one
 * row's at once, and finds them in one or two cache lines.
 */
const enum Field {
  /** The claim's index among the state's events. */
  ORDINAL,
  /** Row of its chain's first claim. */
  ROOT,
  /** Event index of its retraction; NOT_RETRACTED when there is none. */
  RETRACTED_AT,
  /** 1 once a later claim amends it. */
  AMENDED,
  /** Index in HEDGE_ORDER. */
  HEDGE,
  /** 0 when the claim gives none (credibility runs 1–6). */
  CREDIBILITY,
  SUBJECT,
  PROPERTY,
  REPORT,
  SOURCE,
  ACTOR,
}

const FIELDS = 11;

/**
 * Every claim the ledger holds, one row each in log order, its fields in columns: numbers in
 * typed arrays, the strings many claims repeat (subject, property, report, source, actor) as
 * numbers into one list each. A million claims as objects (a record and the event parsed from
 * the store) were ~2 million objects that the collector copied and the views read from all
 * over the heap; as rows they are a few dozen arrays, and the views' walk reads them in order
 * (docs/design-notes.md, "Claims are rows of a table").
 *
 * Rows are found by claim id (`find`, through a RowIndex over the ids) and read a field at a
 * time by the folds and views. Code at the edges (API bodies, exports, histories, checkpoints)
 * asks for a `ClaimRecord`, made on request: a new object each time, so records are never
 * compared by identity.
 *
 * A row's event index (`ordinal`, its place in the state's timeline) stands for its position
 * in as-of tests: "recorded by position p" is "among the first n events" for the n that p
 * bounds, a comparison of two small integers whatever the store's positions are.
 */
export class ClaimTable implements FactsReader<number> {
  #size = 0;
  readonly #ids: string[] = [];
  readonly #rows = new RowIndex(this.#ids);
  readonly #positions: bigint[] = [];
  /** The numbers of each row, FIELDS of them in a row, in chunks of CHUNK_ROWS rows (see Field). */
  readonly #numbers: Int32Array[] = [];
  /** Each row's recorded time, in chunks of CHUNK_ROWS rows. */
  readonly #times: Float64Array[] = [];
  readonly #values: unknown[] = [];
  readonly #quotes: (string | undefined)[] = [];
  readonly #validTimes: (ValidTime | undefined)[] = [];
  /** What each amendment amends; undefined for assertions. */
  readonly #amends: (string | undefined)[] = [];
  /** Only amendments that give a reason have one: few. */
  readonly #reasons = new Map<number, string>();
  readonly #amendedBy = new Map<number, string[]>();
  readonly #retractions = new Map<number, Recorded<ClaimRetracted>>();
  readonly #subjectNames = new Names();
  readonly #propertyNames = new Names();
  readonly #reportNames = new Names();
  readonly #sourceNames = new Names();
  readonly #actorNames = new Names();
  readonly #sharedValidTimes = new SharedValidTimes();

  get size(): number {
    return this.#size;
  }

  /**
   * Adds a claim as the last row and returns its row. `root` is the row of its chain's first
   * claim, or undefined when it starts a chain of its own.
   */
  add(
    type: 'ClaimAsserted' | 'ClaimAmended',
    event: ClaimEvent,
    ordinal: number,
    position: bigint,
    time: number,
    actor: string,
    root: number | undefined,
  ): number {
    if (ordinal >= NOT_RETRACTED) throw new RangeError(`a claim table holds the claims of the first ${NOT_RETRACTED} events only`);
    if ((this.#size & IN_CHUNK) === 0) this.#addChunk();
    const row = this.#size++;
    this.#ids.push(event.claimId);
    this.#rows.set(event.claimId, row);
    this.#positions.push(position);
    this.#set(row, Field.ORDINAL, ordinal);
    this.#times[row >>> CHUNK_BITS]![row & IN_CHUNK] = time;
    this.#set(row, Field.ROOT, root ?? row);
    this.#set(row, Field.RETRACTED_AT, NOT_RETRACTED);
    this.#set(row, Field.AMENDED, 0);
    this.#set(row, Field.HEDGE, HEDGE_ORDER.indexOf(event.hedge));
    this.#set(row, Field.CREDIBILITY, event.credibility ?? 0);
    this.#set(row, Field.SUBJECT, this.#subjectNames.numberOf(event.subject));
    this.#set(row, Field.PROPERTY, this.#propertyNames.numberOf(event.property));
    this.#set(row, Field.REPORT, this.#reportNames.numberOf(event.reportId));
    this.#set(row, Field.SOURCE, this.#sourceNames.numberOf(event.sourceId));
    this.#set(row, Field.ACTOR, this.#actorNames.numberOf(actor));
    this.#values.push(event.value);
    this.#quotes.push(event.quote);
    this.#validTimes.push(event.validTime === undefined ? undefined : this.#sharedValidTimes.of(event.validTime));
    if (type === 'ClaimAmended') {
      const amendment = event as DataOf<ClaimAmended>;
      this.#amends.push(amendment.amends);
      if (amendment.reason !== undefined) this.#reasons.set(row, amendment.reason);
    } else this.#amends.push(undefined);
    return row;
  }

  /** Files `claimId` (the next member of the chain) as amending the claim at `row`. */
  amend(row: number, claimId: string): void {
    const amenders = this.#amendedBy.get(row);
    if (amenders) amenders.push(claimId);
    else this.#amendedBy.set(row, [claimId]);
    this.#set(row, Field.AMENDED, 1);
  }

  /** Marks the claim at `row` retracted by the event at index `ordinal`. */
  retract(row: number, retraction: Recorded<ClaimRetracted>, ordinal: number): void {
    this.#retractions.set(row, retraction);
    this.#set(row, Field.RETRACTED_AT, ordinal);
  }

  /** The row of a claim, or undefined for an id the ledger does not hold. */
  find(claimId: string): number | undefined {
    return this.#rows.get(claimId);
  }

  /** The table's own copy of a claim id it holds (lists that name the claim can share it); `claimId` otherwise. */
  ownId(claimId: string): string {
    const row = this.#rows.get(claimId);
    return row === undefined ? claimId : this.#ids[row]!;
  }

  has(claimId: string): boolean {
    return this.#rows.has(claimId);
  }

  idOf(row: number): string {
    return this.#ids[row]!;
  }

  rootOf(row: number): number {
    return this.#get(row, Field.ROOT);
  }

  /** Whether the claim starts its chain (every chain is reached from its first claim). */
  isRoot(row: number): boolean {
    return this.#get(row, Field.ROOT) === row;
  }

  /** Whether a later claim amends this one (its chain is then longer than the claim). */
  isAmended(row: number): boolean {
    return this.#get(row, Field.AMENDED) === 1;
  }

  positionOf(row: number): bigint {
    return this.#positions[row]!;
  }

  /** The claim's index among the state's events. */
  ordinalOf(row: number): number {
    return this.#get(row, Field.ORDINAL);
  }

  /** The index among the state's events of the claim's retraction; undefined when it stands. */
  retractionOrdinalOf(row: number): number | undefined {
    const ordinal = this.#get(row, Field.RETRACTED_AT);
    return ordinal === NOT_RETRACTED ? undefined : ordinal;
  }

  /** Whether the claim was recorded among the first `events` events. */
  recordedWithin(row: number, events: number): boolean {
    return this.#get(row, Field.ORDINAL) < events;
  }

  /** Whether the claim was recorded, and not retracted, among the first `events` events. */
  standsWithin(row: number, events: number): boolean {
    return this.#get(row, Field.ORDINAL) < events && this.#get(row, Field.RETRACTED_AT) >= events;
  }

  subjectOf(row: number): string {
    return this.#subjectNames.names[this.#get(row, Field.SUBJECT)]!;
  }

  /** The number `subjectOf` the row is kept as: equal for equal subjects. */
  subjectNumberOf(row: number): number {
    return this.#get(row, Field.SUBJECT);
  }

  /** The number of a subject some claim names, or undefined when none does. */
  subjectNumber(subject: string): number | undefined {
    return this.#subjectNames.find(subject);
  }

  propertyOf(row: number): string {
    return this.#propertyNames.names[this.#get(row, Field.PROPERTY)]!;
  }

  valueOf(row: number): unknown {
    return this.#values[row];
  }

  reportOf(row: number): string {
    return this.#reportNames.names[this.#get(row, Field.REPORT)]!;
  }

  /** The number `reportOf` the row is kept as: equal for equal reports. */
  reportNumberOf(row: number): number {
    return this.#get(row, Field.REPORT);
  }

  /** The number of a report some claim cites, or undefined when none does. */
  reportNumber(reportId: string): number | undefined {
    return this.#reportNames.find(reportId);
  }

  sourceOf(row: number): string {
    return this.#sourceNames.names[this.#get(row, Field.SOURCE)]!;
  }

  /** The number `sourceOf` the row is kept as: equal for equal sources. */
  sourceNumberOf(row: number): number {
    return this.#get(row, Field.SOURCE);
  }

  /** The number of a source some claim cites, or undefined when none does. */
  sourceNumber(sourceId: string): number | undefined {
    return this.#sourceNames.find(sourceId);
  }

  /** The hedge's index in HEDGE_ORDER: what the ranking compares. */
  hedgeRankOf(row: number): number {
    return this.#get(row, Field.HEDGE);
  }

  /** The retraction of the claim at a row, if it was retracted. */
  retractionOf(row: number): Recorded<ClaimRetracted> | undefined {
    return this.#retractions.get(row);
  }

  /** The claims that amend the claim at a row, in log order, retracted ones included. */
  amendersOf(row: number): readonly string[] {
    return this.#amendedBy.get(row) ?? NO_AMENDERS;
  }

  /** Position of the last event that changed the claim: itself, its last amendment or its retraction. */
  versionOf(row: number): bigint {
    let version = this.#positions[row]!;
    const amenders = this.#amendedBy.get(row);
    if (amenders) {
      const last = this.#positions[this.#rows.get(amenders[amenders.length - 1]!)!]!;
      if (last > version) version = last;
    }
    const retraction = this.#retractions.get(row);
    if (retraction && retraction.position > version) version = retraction.position;
    return version;
  }

  /** What a resolved value quotes from the claim: made now. */
  factsOf(row: number): ClaimFacts {
    const facts: ClaimFacts = {
      claimId: this.#ids[row]!,
      sourceId: this.sourceOf(row),
      reportId: this.reportOf(row),
      hedge: HEDGE_ORDER[this.#get(row, Field.HEDGE)]!,
    };
    const quote = this.#quotes[row];
    if (quote !== undefined) facts.quote = quote;
    const validTime = this.#validTimes[row];
    if (validTime !== undefined) facts.validTime = validTime;
    return facts;
  }

  /** The claim's data as recorded, keys in the store's (sorted) order: made now. */
  eventOf(row: number): ClaimEvent {
    const amends = this.#amends[row];
    const event = {} as Record<string, unknown>;
    if (amends !== undefined) event['amends'] = amends;
    event['claimId'] = this.#ids[row];
    const credibility = this.#get(row, Field.CREDIBILITY);
    if (credibility !== 0) event['credibility'] = credibility;
    event['hedge'] = HEDGE_ORDER[this.#get(row, Field.HEDGE)];
    event['property'] = this.propertyOf(row);
    const quote = this.#quotes[row];
    if (quote !== undefined) event['quote'] = quote;
    const reason = this.#reasons.get(row);
    if (reason !== undefined) event['reason'] = reason;
    event['reportId'] = this.reportOf(row);
    event['sourceId'] = this.sourceOf(row);
    event['subject'] = this.subjectOf(row);
    const validTime = this.#validTimes[row];
    if (validTime !== undefined) event['validTime'] = validTime;
    event['value'] = this.#values[row];
    return event as unknown as ClaimEvent;
  }

  /** The claim as a record: made now, from the row. */
  recordAt(row: number): ClaimRecord {
    const amenders = this.#amendedBy.get(row);
    return {
      type: this.#amends[row] === undefined ? 'ClaimAsserted' : 'ClaimAmended',
      event: this.eventOf(row),
      position: this.#positions[row]!,
      recordedAt: new Date(this.#times[row >>> CHUNK_BITS]![row & IN_CHUNK]!),
      actor: this.#actorNames.names[this.#get(row, Field.ACTOR)]!,
      root: this.#ids[this.#get(row, Field.ROOT)]!,
      retraction: this.#retractions.get(row),
      // A copy: the table's list grows as the claim is amended, and a record is as it was made.
      amendedBy: amenders ? [...amenders] : [],
      version: this.versionOf(row),
    };
  }

  /** The record of a claim, made now; undefined for an id the ledger does not hold. */
  get(claimId: string): ClaimRecord | undefined {
    const row = this.#rows.get(claimId);
    return row === undefined ? undefined : this.recordAt(row);
  }

  /** Every claim's record, in log order, each made as it is reached. */
  *values(): IterableIterator<ClaimRecord> {
    for (let row = 0; row < this.#size; row += 1) yield this.recordAt(row);
  }

  /** Every claim's id, in log order. */
  *keys(): IterableIterator<string> {
    for (let row = 0; row < this.#size; row += 1) yield this.#ids[row]!;
  }

  /** How many rows were recorded among the first `events` events: rows are in log order. */
  rowsWithin(events: number): number {
    return partitionPoint(this.#size, (row) => this.#get(row, Field.ORDINAL) < events);
  }

  /**
   * Rows `from` to `to` as they stood after the first `events` events, to be saved: a
   * retraction or an amendment recorded later is left out. The fold may go on meanwhile.
   */
  savedRows(from: number, to: number, events: number): SavedRows {
    const count = to - from;
    const numbers = new Int32Array(count * FIELDS);
    const times = new Float64Array(count);
    const names = new SavedNames();
    const amendedBy: [number, string[]][] = [];
    const retractions: [number, Recorded<ClaimRetracted>][] = [];
    const reasons: [number, string][] = [];
    for (let i = 0; i < count; i += 1) {
      const row = from + i;
      const at = i * FIELDS;
      for (let field = 0; field < FIELDS; field += 1) numbers[at + field] = this.#get(row, field);
      times[i] = this.#times[row >>> CHUNK_BITS]![row & IN_CHUNK]!;
      numbers[at + Field.SUBJECT] = names.subjects.numberOf(this.subjectOf(row));
      numbers[at + Field.PROPERTY] = names.properties.numberOf(this.propertyOf(row));
      numbers[at + Field.REPORT] = names.reports.numberOf(this.reportOf(row));
      numbers[at + Field.SOURCE] = names.sources.numberOf(this.sourceOf(row));
      numbers[at + Field.ACTOR] = names.actors.numberOf(this.#actorNames.names[this.#get(row, Field.ACTOR)]!);
      const { amenders, retraction } = this.#changesWithin(row, events);
      numbers[at + Field.AMENDED] = amenders.length > 0 ? 1 : 0;
      if (amenders.length > 0) amendedBy.push([i, amenders]);
      numbers[at + Field.RETRACTED_AT] = retraction ? this.#get(row, Field.RETRACTED_AT) : NOT_RETRACTED;
      if (retraction) retractions.push([i, retraction]);
      const reason = this.#reasons.get(row);
      if (reason !== undefined) reasons.push([i, reason]);
    }
    return {
      from,
      ids: this.#ids.slice(from, to),
      positions: this.#positions.slice(from, to),
      numbers,
      times,
      names: names.lists(),
      values: this.#values.slice(from, to),
      quotes: this.#quotes.slice(from, to),
      validTimes: this.#validTimes.slice(from, to),
      amends: this.#amends.slice(from, to),
      reasons,
      amendedBy,
      retractions,
    };
  }

  /**
   * Adds saved rows after the rest; they must start where the table ends. Given the state's
   * timeline (`eventPositions`), each row keeps the timeline's position of its event rather
   * than a copy: the fold keeps one bigint for both, and at a million events the copies were
   * ~1.5 million more objects.
   */
  putRows(saved: SavedRows, eventPositions?: readonly bigint[]): void {
    if (saved.from !== this.#size) throw new Error(`saved claims from row ${saved.from} do not follow a table of ${this.#size} rows`);
    const nameNumbers = [this.#subjectNames, this.#propertyNames, this.#reportNames, this.#sourceNames, this.#actorNames].map((table, i) =>
      saved.names[i]!.map((name) => table.numberOf(name)),
    ) as [number[], number[], number[], number[], number[]];
    const [subjects, properties, reports, sources, actors] = nameNumbers;
    for (let i = 0; i < saved.ids.length; i += 1) {
      if ((this.#size & IN_CHUNK) === 0) this.#addChunk();
      const row = this.#size++;
      const at = i * FIELDS;
      for (let field = 0; field < FIELDS; field += 1) this.#set(row, field, saved.numbers[at + field]!);
      this.#set(row, Field.SUBJECT, subjects[saved.numbers[at + Field.SUBJECT]!]!);
      this.#set(row, Field.PROPERTY, properties[saved.numbers[at + Field.PROPERTY]!]!);
      this.#set(row, Field.REPORT, reports[saved.numbers[at + Field.REPORT]!]!);
      this.#set(row, Field.SOURCE, sources[saved.numbers[at + Field.SOURCE]!]!);
      this.#set(row, Field.ACTOR, actors[saved.numbers[at + Field.ACTOR]!]!);
      this.#times[row >>> CHUNK_BITS]![row & IN_CHUNK] = saved.times[i]!;
      const claimId = saved.ids[i]!;
      this.#ids.push(claimId);
      this.#rows.set(claimId, row);
      this.#positions.push(eventPositions?.[saved.numbers[at + Field.ORDINAL]!] ?? saved.positions[i]!);
      this.#values.push(saved.values[i]);
      this.#quotes.push(saved.quotes[i]);
      const validTime = saved.validTimes[i];
      this.#validTimes.push(validTime === undefined ? undefined : this.#sharedValidTimes.of(validTime));
      this.#amends.push(saved.amends[i]);
    }
    for (const [i, reason] of saved.reasons) this.#reasons.set(saved.from + i, reason);
    for (const [i, amenders] of saved.amendedBy) this.#amendedBy.set(saved.from + i, amenders);
    for (const [i, retraction] of saved.retractions) this.#retractions.set(saved.from + i, retraction);
  }

  /**
   * The rows below `below` that an event after the first `since` events, and among the first
   * `events`, amended or retracted, each as it stood after the first `events` events.
   */
  changedRows(below: number, since: number, events: number): SavedChange[] {
    const changed = new Set<number>();
    for (const row of this.#retractions.keys()) {
      const at = this.#get(row, Field.RETRACTED_AT);
      if (row < below && at >= since && at < events) changed.add(row);
    }
    for (const [row, amenders] of this.#amendedBy) {
      if (row >= below || changed.has(row)) continue;
      for (let i = amenders.length - 1; i >= 0; i -= 1) {
        const at = this.#get(this.#rows.get(amenders[i]!)!, Field.ORDINAL);
        if (at < since) break;
        if (at < events) {
          changed.add(row);
          break;
        }
      }
    }
    return [...changed].sort((a, b) => a - b).map((row) => {
      const { amenders, retraction } = this.#changesWithin(row, events);
      return { row, amendedBy: amenders, retraction, retractedAt: retraction ? this.#get(row, Field.RETRACTED_AT) : NOT_RETRACTED };
    });
  }

  /** Lays saved changes over the rows they are of. */
  putChanges(changes: readonly SavedChange[]): void {
    for (const { row, amendedBy, retraction, retractedAt } of changes) {
      if (row >= this.#size) throw new Error(`a saved change of claim row ${row} is past a table of ${this.#size} rows`);
      if (amendedBy.length > 0) {
        this.#amendedBy.set(row, amendedBy);
        this.#set(row, Field.AMENDED, 1);
      }
      if (retraction) {
        this.#retractions.set(row, retraction);
        this.#set(row, Field.RETRACTED_AT, retractedAt);
      }
    }
  }

  /** A row's amenders and retraction recorded among the first `events` events. */
  #changesWithin(row: number, events: number): { amenders: string[]; retraction: Recorded<ClaimRetracted> | undefined } {
    const all = this.#amendedBy.get(row) ?? NO_AMENDERS;
    let kept = all.length;
    while (kept > 0 && this.#get(this.#rows.get(all[kept - 1]!)!, Field.ORDINAL) >= events) kept -= 1;
    const retracted = this.#get(row, Field.RETRACTED_AT) < events;
    return { amenders: all.slice(0, kept), retraction: retracted ? this.#retractions.get(row) : undefined };
  }

  /**
   * Rows go into chunks that are never moved. Columns grown by copying into arrays twice the
   * size left each old array's memory to the allocator, which kept it: a million claims held
   * ~120 MB more RSS than the same columns sized once (by hand, the bench's 1M log).
   */
  #addChunk(): void {
    this.#numbers.push(new Int32Array(CHUNK_ROWS * FIELDS));
    this.#times.push(new Float64Array(CHUNK_ROWS));
  }

  #get(row: number, field: Field): number {
    return this.#numbers[row >>> CHUNK_BITS]![(row & IN_CHUNK) * FIELDS + field]!;
  }

  #set(row: number, field: Field, value: number): void {
    this.#numbers[row >>> CHUNK_BITS]![(row & IN_CHUNK) * FIELDS + field] = value;
  }
}

/**
 * Rows of a claim table as a checkpoint saves them (see `savedRows`): the numbers of each row
 * as the table keeps them, except that subject, property, report, source and actor number
 * into this slice's own lists of names, so that a slice reads back into any table. Lists are
 * indexed from the slice's first row.
 */
export interface SavedRows {
  from: number;
  ids: string[];
  positions: bigint[];
  numbers: Int32Array;
  times: Float64Array;
  /** Subjects, properties, reports, sources and actors the slice names. */
  names: [string[], string[], string[], string[], string[]];
  values: unknown[];
  quotes: (string | undefined)[];
  validTimes: (ValidTime | undefined)[];
  amends: (string | undefined)[];
  reasons: [number, string][];
  amendedBy: [number, string[]][];
  retractions: [number, Recorded<ClaimRetracted>][];
}

/** A row's amenders and retraction as they stood at a save (see `changedRows`). */
export interface SavedChange {
  row: number;
  amendedBy: string[];
  retraction: Recorded<ClaimRetracted> | undefined;
  retractedAt: number;
}

/** The names one saved slice refers to, numbered as they first occur in it. */
class SavedNames {
  readonly subjects = new Names();
  readonly properties = new Names();
  readonly reports = new Names();
  readonly sources = new Names();
  readonly actors = new Names();

  lists(): SavedRows['names'] {
    return [this.subjects.names, this.properties.names, this.reports.names, this.sources.names, this.actors.names];
  }
}
