import { deserialize, serialize } from 'node:v8';
import { asOf } from '../../projections/as-of.js';
import { initialState, type LedgerState } from '../../projections/ledger-state.js';
import type { SavedChange, SavedRows } from '../../projections/claim-table.js';
import { createValuePool, type ValuePool } from './positioned.js';
import { SharedStrings } from './shared-strings.js';
import type { ProjectorSnapshot } from './projector.js';
import { chainAsOf, recordAsOf, rootsAsOf } from './state-as-of.js';
import { StreamRevisions } from './stream-revisions.js';

/**
 * A projector snapshot cut into pieces of a few thousand map entries, each serialised on its
 * own, so that a large checkpoint can be read back a piece at a time — between pieces the
 * event loop serves requests — and never needs the whole file in memory at once.
 */

type Piece =
  /** The timeline from its entry `timelineFrom` on: 0 in a whole state, the saved count in a delta. */
  | { kind: 'meta'; position: bigint; eventCount: number; seen: bigint; timelineFrom: number; timeline: SavedTimeline }
  | { kind: 'entries'; map: RecordMap | 'revisions'; entries: [string, unknown][] }
  /** Chain roots by subject, then property, as rows of the claim table (saved before them). */
  | { kind: 'chainRoots'; entries: [string, [string, Int32Array][]][] }
  /** Amended chains by root, their members as rows of the claim table. */
  | { kind: 'chains'; entries: [string, Int32Array][] }
  /**
   * Claims as rows of the claim table (see ClaimTable.savedRows), in order, their values as
   * one JSON text: read back by JSON.parse, which keeps one copy of each short string as the
   * fold's JSON.parse did, where v8's deserialiser makes one at every place.
   */
  | { kind: 'claimRows'; rows: Omit<SavedRows, 'values'>; values: string }
  /** Claims saved earlier that were amended or retracted since (in a delta). */
  | { kind: 'claimChanges'; changes: SavedChange[] };

type RecordMap = (typeof RECORD_MAPS)[number];

/** What a piece of map entries is made of: an 'entries' piece, or chain roots or chains. */
type EntriesPiece = Extract<Piece, { entries: unknown }>;

/**
 * The timeline with each event's subject saved as a number into `names` (-1 for none): a
 * serialised string is written out at every occurrence and read back as a copy of its own,
 * which for a million events' few thousand subjects made the file ~20 MB and the state read
 * back ~40 MB larger.
 */
interface SavedTimeline {
  positions: bigint[];
  times: number[];
  names: string[];
  subjects: Int32Array;
}

/** Maps of records that are written once and never change. */
const RECORD_MAPS = ['sources', 'reports', 'retractions', 'aliases'] as const satisfies readonly (keyof LedgerState)[];

/** Entries per piece (chain roots: roots per piece): reading one back blocks the event loop for a few tens of milliseconds. */
const ENTRIES_PER_PIECE = 5_000;

/** Entries looked at without writing one before the event loop gets a turn (a delta skips most). */
const ENTRIES_PER_SCAN = 50_000;

/** Where an earlier save stood: a delta from it holds only what the fold changed since. */
export interface SavedPoint {
  /** The state's position then. */
  position: bigint;
  eventCount: number;
}

export interface SerializeOptions {
  /** Awaited between pieces. @defaultValue the next turn of the event loop (setImmediate) */
  between?: () => Promise<void>;
  /** @defaultValue ENTRIES_PER_PIECE */
  entriesPerPiece?: number;
  /**
   * Write a delta: only the entries folded or changed after this earlier save, which a
   * SnapshotAssembler lays over that save's pieces. @defaultValue the whole state
   */
  since?: SavedPoint;
  /**
   * The point to save the state as of, taken when the snapshot was: the fold may have gone on
   * since. @defaultValue the state as it is at the call
   */
  at?: SnapshotPoint;
  /**
   * The stream revisions as they stood at `at`, taken with it (StreamRevisions.standing).
   * @defaultValue the snapshot's, as they stand at the call
   */
  revisions?: Iterable<[string, bigint]>;
  /**
   * Takes each piece as it is made, in order: a save writes it out at once, so that a whole
   * state (~500 MiB at a million events) is never all in memory. @defaultValue the pieces
   * are kept and returned
   */
  emit?: (piece: Buffer) => Promise<void>;
}

/** Where a snapshot stood: the state's position and event count, and the last position seen. */
export interface SnapshotPoint extends SavedPoint {
  seen: bigint;
}

/** The snapshot's point now; take it in the same turn as the snapshot, before the fold moves on. */
export function pointOf(snapshot: ProjectorSnapshot): SnapshotPoint {
  return { seen: snapshot.seen, position: snapshot.state.position, eventCount: snapshot.state.eventCount };
}

/**
 * Serialises the snapshot's state as it stood at the call, a piece at a time, and lets the
 * event loop run between pieces (`between`): on a long log the whole takes seconds, which
 * used to hold every request up. The projector goes on folding into the same objects
 * meanwhile; ./state-as-of.ts takes each entry back to the position the snapshot is of, and
 * the stream revisions are read as they stood (StreamRevisions.standing).
 */
export async function serializePieces(snapshot: ProjectorSnapshot, options: SerializeOptions = {}): Promise<Buffer[]> {
  if (options.revisions) return serializeStanding(snapshot, options, options.revisions);
  const standing = snapshot.revisions.standing();
  try {
    return await serializeStanding(snapshot, options, standing);
  } finally {
    standing.release();
  }
}

async function serializeStanding(snapshot: ProjectorSnapshot, options: SerializeOptions, revisions: Iterable<[string, bigint]>): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  const { between = nextTurn, entriesPerPiece = ENTRIES_PER_PIECE, since, at = pointOf(snapshot), emit = async (piece) => void pieces.push(piece) } = options;
  const { state } = snapshot;
  const { seen, position, eventCount } = at;
  const timelineFrom = since?.eventCount ?? 0;
  const timeline: SavedTimeline = {
    positions: state.timeline.positions.slice(timelineFrom, eventCount),
    times: state.timeline.times.slice(timelineFrom, eventCount),
    ...numbered(state.timeline.subjects, timelineFrom, eventCount),
  };
  await emit(serialize({ kind: 'meta', position, eventCount, seen, timelineFrom, timeline } satisfies Piece));
  /**
   * Writes the entries of a map changed since the earlier save (all in a whole one) as they
   * stood, in pieces made by `piece`. `weightOf` counts what an entry holds, for maps whose
   * entries are lists (see chainRoots below).
   */
  const slice = async <V, S>(
    source: Iterable<[string, V]>,
    changedSince: (value: V, position: bigint) => boolean,
    asOfThen: (value: V) => S | undefined,
    piece: (entries: [string, S][]) => EntriesPiece,
    weightOf: (stood: S) => number = () => 1,
  ) => {
    let entries: [string, S][] = [];
    let weight = 0;
    let scanned = 0;
    for (const [key, value] of source) {
      if (since && !changedSince(value, since.position)) {
        if (++scanned % ENTRIES_PER_SCAN === 0) await between();
        continue;
      }
      const stood = asOfThen(value);
      if (stood === undefined) continue;
      entries.push([key, stood]);
      weight += weightOf(stood);
      if (weight >= entriesPerPiece) {
        await emit(serialize(piece(entries)));
        entries = [];
        weight = 0;
        await between();
      }
    }
    if (entries.length > 0) await emit(serialize(piece(entries)));
  };
  // Fixed: the state's own position moves on as the projector folds.
  const then = asOf(state, position);
  const recordedAfter = (record: { position: bigint }, position: bigint) => record.position > position;
  const { claims } = state;
  const lastRecordedAfter = (claimIds: readonly string[], position: bigint) =>
    claims.positionOf(claims.find(claimIds[claimIds.length - 1]!)!) > position;
  for (const map of RECORD_MAPS) {
    await slice(
      state[map] as Map<string, { position: bigint }>,
      recordedAfter,
      (record) => recordAsOf(then, record),
      (entries): EntriesPiece => ({ kind: 'entries', map, entries }),
    );
  }
  const rowsOf = (claimIds: readonly string[]) => Int32Array.from(claimIds, (claimId) => claims.find(claimId)!);
  // Claims go as slices of the table's rows: no object per claim is made to save it.
  const rowsThen = claims.rowsWithin(eventCount);
  const rowsBefore = since ? claims.rowsWithin(since.eventCount) : 0;
  if (since) {
    const changes = claims.changedRows(rowsBefore, since.eventCount, eventCount);
    for (let from = 0; from < changes.length; from += entriesPerPiece) {
      await emit(serialize({ kind: 'claimChanges', changes: changes.slice(from, from + entriesPerPiece) } satisfies Piece));
      await between();
    }
  }
  for (let from = rowsBefore; from < rowsThen; from += entriesPerPiece) {
    const { values, ...rows } = claims.savedRows(from, Math.min(from + entriesPerPiece, rowsThen), eventCount);
    await emit(serialize({ kind: 'claimRows', rows, values: JSON.stringify(values) } satisfies Piece));
    await between();
  }
  // An entry per subject holds every chain root filed under it: at a million events 5,000
  // subjects held nearly all 877k roots, and their one piece was the longest the event loop
  // waited for (0.2-0.5 s). Counted by roots, the pieces are as small as the claims'.
  await slice(
    state.chainRoots,
    (byProperty, position) => [...byProperty.values()].some((roots) => lastRecordedAfter(roots, position)),
    (byProperty) => rootsAsOf(then, byProperty),
    (entries): EntriesPiece => ({
      kind: 'chainRoots',
      entries: entries.map(([subject, byProperty]) => [subject, [...byProperty].map(([property, roots]) => [property, rowsOf(roots)])]),
    }),
    (byProperty) => {
      let roots = 0;
      for (const list of byProperty.values()) roots += list.length;
      return roots;
    },
  );
  await slice(
    state.chains,
    lastRecordedAfter,
    (members) => chainAsOf(then, members),
    (entries): EntriesPiece => ({ kind: 'chains', entries: entries.map(([root, members]) => [root, rowsOf(members)]) }),
  );
  // All of them, even in a delta: a revision does not say when it was set, and there is one per stream, not per event.
  await slice(
    revisions,
    () => true,
    (revision) => revision,
    (entries): EntriesPiece => ({ kind: 'entries', map: 'revisions', entries }),
  );
  return pieces;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Entries `from` to `to` of the timeline's subjects as numbers into a list of names. */
function numbered(subjects: readonly (string | null)[], from: number, to: number): Pick<SavedTimeline, 'names' | 'subjects'> {
  const numbers = new Map<string, number>();
  const names: string[] = [];
  const saved = new Int32Array(Math.max(0, to - from));
  for (let i = from; i < to; i += 1) {
    const subject = subjects[i];
    if (subject === null || subject === undefined) {
      saved[i - from] = -1;
      continue;
    }
    let number = numbers.get(subject);
    if (number === undefined) numbers.set(subject, (number = names.push(subject) - 1));
    saved[i - from] = number;
  }
  return { names, subjects: saved };
}

/**
 * Builds the snapshot back from pieces as they are read, in the order they were written: a
 * whole state's, then each delta's, whose entries replace those before them.
 */
export class SnapshotAssembler {
  private readonly state: LedgerState = initialState();
  private readonly revisions = new StreamRevisions();
  private seen = 0n;
  private sawMeta = false;
  /** Each piece is deserialised apart: values the fold shared are shared again. */
  private readonly pool: ValuePool = createValuePool();
  private readonly strings = new SharedStrings();

  add(bytes: Uint8Array): void {
    const piece = deserialize(bytes) as Piece;
    if (piece.kind === 'meta') {
      this.addTimeline(piece.timelineFrom, piece.timeline);
      this.state.position = piece.position;
      this.state.eventCount = piece.eventCount;
      this.seen = piece.seen;
      this.sawMeta = true;
      return;
    }
    if (piece.kind === 'claimRows') {
      const values = JSON.parse(piece.values) as unknown[];
      this.state.claims.putRows(this.sharedRows({ ...piece.rows, values }), this.state.timeline.positions);
      return;
    }
    if (piece.kind === 'claimChanges') {
      for (const change of piece.changes) {
        this.strings.within(change.amendedBy);
        change.retraction = this.sharedRetraction(change.retraction);
      }
      this.state.claims.putChanges(piece.changes);
      return;
    }
    if (piece.kind === 'chainRoots') {
      for (const [subject, byProperty] of piece.entries) {
        this.state.chainRoots.set(subject, new Map(byProperty.map(([property, roots]) => [property, this.idsOf(roots)])));
      }
      return;
    }
    if (piece.kind === 'chains') {
      for (const [root, members] of piece.entries) this.state.chains.set(this.state.claims.ownId(root), this.idsOf(members));
      return;
    }
    if (piece.map === 'revisions') {
      for (const [stream, revision] of piece.entries) this.revisions.set(stream, revision as bigint);
      return;
    }
    const target = this.state[piece.map] as Map<string, unknown>;
    for (const [key, value] of piece.entries) {
      const record = this.strings.within(value) as Parameters<ValuePool['record']>[0];
      target.set(this.strings.of(key), this.pool.record(record));
    }
  }

  /** The claim table's own ids of saved rows: one string for each claim, however many lists name it. */
  private idsOf(rows: Int32Array): string[] {
    const { claims } = this.state;
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 1) ids.push(claims.idOf(rows[i]!));
    return ids;
  }

  /** The rows with the strings and retractions the state holds already shared (see SharedStrings). */
  private sharedRows(rows: SavedRows): SavedRows {
    const { strings } = this;
    const { claims } = this.state;
    for (let i = 0; i < rows.ids.length; i += 1) {
      const amends = rows.amends[i];
      if (amends !== undefined) rows.amends[i] = claims.ownId(amends);
    }
    for (const entry of rows.reasons) entry[1] = strings.of(entry[1]);
    for (const entry of rows.retractions) entry[1] = this.sharedRetraction(entry[1])!;
    return rows;
  }

  /** A claim's retraction is the record the state's retractions hold (read back before the claims). */
  private sharedRetraction<R extends { event: { retractionId: string } } | undefined>(retraction: R): R {
    if (retraction === undefined) return retraction;
    return (this.state.retractions.get(retraction.event.retractionId) as R | undefined) ?? retraction;
  }

  private addTimeline(from: number, tail: SavedTimeline): void {
    if (from === 0) this.state.timeline = { positions: [], times: [], subjects: [] };
    const { positions, times, subjects } = this.state.timeline;
    if (positions.length !== from) throw new Error(`a checkpoint delta from event ${from} does not follow a state of ${positions.length} events`);
    // One at a time: spreading a long tail into push() would overflow the stack.
    for (let i = 0; i < tail.positions.length; i += 1) {
      positions.push(tail.positions[i]!);
      times.push(tail.times[i]!);
      const number = tail.subjects[i]!;
      subjects.push(number < 0 ? null : tail.names[number]!);
    }
  }

  finish(): ProjectorSnapshot {
    if (!this.sawMeta) throw new Error('the checkpoint has no state');
    return { state: this.state, revisions: this.revisions, seen: this.seen };
  }
}
