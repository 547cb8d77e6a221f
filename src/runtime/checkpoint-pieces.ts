import { deserialize, serialize } from 'node:v8';
import { asOf } from '../../projections/as-of.js';
import { initialState, type LedgerState } from '../../projections/ledger-state.js';
import { createValuePool, type ValuePool } from './positioned.js';
import type { ProjectorSnapshot } from './projector.js';
import { chainAsOf, claimAsOf, recordAsOf, rootsAsOf } from './state-as-of.js';

/**
 * A projector snapshot cut into pieces of a few thousand map entries, each serialised on its
 * own, so that a large checkpoint can be read back a piece at a time — between pieces the
 * event loop serves requests — and never needs the whole file in memory at once.
 */

type MapName = 'sources' | 'reports' | 'claims' | 'retractions' | 'aliases' | 'chainRoots' | 'chains';

type Piece =
  | { kind: 'meta'; position: bigint; eventCount: number; seen: bigint; timeline: LedgerState['timeline'] }
  | { kind: 'entries'; map: MapName | 'revisions'; entries: [string, unknown][] };

type EntriesMap = Extract<Piece, { kind: 'entries' }>['map'];

/** Maps of records that are written once and never change. */
const RECORD_MAPS = ['sources', 'reports', 'retractions', 'aliases'] as const satisfies readonly MapName[];

/** Entries per piece: reading one back blocks the event loop for a few tens of milliseconds. */
const ENTRIES_PER_PIECE = 5_000;

export interface SerializeOptions {
  /** Awaited between pieces. @defaultValue the next turn of the event loop (setImmediate) */
  between?: () => Promise<void>;
  /** @defaultValue ENTRIES_PER_PIECE */
  entriesPerPiece?: number;
}

/**
 * Serialises the snapshot's state as it stood at the call, a piece at a time, and lets the
 * event loop run between pieces (`between`): on a long log the whole takes seconds, which
 * used to hold every request up. The projector goes on folding into the same objects
 * meanwhile; ./state-as-of.ts takes each entry back to the position the snapshot is of. The
 * stream revisions are the exception: they are saved as they are when their piece is
 * written, so a stream written since may show a later revision. That is harmless because a
 * checkpoint is only ever loaded to fold on from `seen`, and folding sets the revision of
 * every stream written since.
 */
export async function serializePieces(snapshot: ProjectorSnapshot, options: SerializeOptions = {}): Promise<Buffer[]> {
  const { between = nextTurn, entriesPerPiece = ENTRIES_PER_PIECE } = options;
  const { state, seen } = snapshot;
  const { eventCount } = state;
  const timeline = { positions: state.timeline.positions.slice(0, eventCount), times: state.timeline.times.slice(0, eventCount) };
  const pieces: Buffer[] = [serialize({ kind: 'meta', position: state.position, eventCount, seen, timeline } satisfies Piece)];
  const slice = async <V>(map: EntriesMap, source: Map<string, V>, asOfThen: (value: V) => unknown) => {
    let entries: [string, unknown][] = [];
    for (const [key, value] of source) {
      const stood = asOfThen(value);
      if (stood === undefined) continue;
      entries.push([key, stood]);
      if (entries.length === entriesPerPiece) {
        pieces.push(serialize({ kind: 'entries', map, entries } satisfies Piece));
        entries = [];
        await between();
      }
    }
    if (entries.length > 0) pieces.push(serialize({ kind: 'entries', map, entries } satisfies Piece));
  };
  // Fixed now: the state's own position moves on as the projector folds.
  const then = asOf(state, state.position);
  for (const name of RECORD_MAPS) await slice(name, state[name] as Map<string, { position: bigint }>, (record) => recordAsOf(then, record));
  await slice('claims', state.claims, (claim) => claimAsOf(then, claim));
  await slice('chainRoots', state.chainRoots, (byProperty) => rootsAsOf(then, byProperty));
  await slice('chains', state.chains, (members) => chainAsOf(then, members));
  await slice('revisions', snapshot.revisions, (revision) => revision);
  return pieces;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Builds the snapshot back from pieces as they are read, in the order they were written. */
export class SnapshotAssembler {
  private readonly state: LedgerState = initialState();
  private readonly revisions = new Map<string, bigint>();
  private seen = 0n;
  private sawMeta = false;
  /** Each piece is deserialised apart: values the fold shared are shared again. */
  private readonly pool: ValuePool = createValuePool();

  add(bytes: Uint8Array): void {
    const piece = deserialize(bytes) as Piece;
    if (piece.kind === 'meta') {
      this.state.position = piece.position;
      this.state.eventCount = piece.eventCount;
      this.state.timeline = piece.timeline;
      this.seen = piece.seen;
      this.sawMeta = true;
      return;
    }
    if (piece.map === 'revisions') {
      for (const [stream, revision] of piece.entries) this.revisions.set(stream, revision as bigint);
      return;
    }
    const target = this.state[piece.map] as Map<string, unknown>;
    const record = piece.map !== 'chainRoots' && piece.map !== 'chains';
    for (const [key, value] of piece.entries) target.set(key, record ? this.pool.record(value as Parameters<ValuePool['record']>[0]) : value);
  }

  finish(): ProjectorSnapshot {
    if (!this.sawMeta) throw new Error('the checkpoint has no state');
    return { state: this.state, revisions: this.revisions, seen: this.seen };
  }
}
