import { deserialize, serialize } from 'node:v8';
import { initialState, type LedgerState } from '../../projections/ledger-state.js';
import { createValuePool, type ValuePool } from './positioned.js';
import type { ProjectorSnapshot } from './projector.js';

/**
 * A projector snapshot cut into pieces of a few thousand map entries, each serialised on its
 * own, so that a large checkpoint can be read back a piece at a time — between pieces the
 * event loop serves requests — and never needs the whole file in memory at once.
 */

type MapName = 'sources' | 'reports' | 'claims' | 'retractions' | 'aliases' | 'chainRoots' | 'chains';

type Piece =
  | { kind: 'meta'; position: bigint; eventCount: number; seen: bigint; timeline: LedgerState['timeline'] }
  | { kind: 'entries'; map: MapName | 'revisions'; entries: [string, unknown][] };

const MAPS: readonly MapName[] = ['sources', 'reports', 'claims', 'retractions', 'aliases', 'chainRoots', 'chains'];

/** Entries per piece: reading one back blocks the event loop for a few tens of milliseconds. */
const ENTRIES_PER_PIECE = 5_000;

/** Serialises every piece now, synchronously, so that the snapshot is of one position. */
export function serializePieces(snapshot: ProjectorSnapshot): Buffer[] {
  const { state } = snapshot;
  const pieces: Buffer[] = [
    serialize({ kind: 'meta', position: state.position, eventCount: state.eventCount, seen: snapshot.seen, timeline: state.timeline } satisfies Piece),
  ];
  const slice = (map: Extract<Piece, { kind: 'entries' }>['map'], source: Map<string, unknown>) => {
    let entries: [string, unknown][] = [];
    for (const entry of source) {
      entries.push(entry);
      if (entries.length === ENTRIES_PER_PIECE) {
        pieces.push(serialize({ kind: 'entries', map, entries } satisfies Piece));
        entries = [];
      }
    }
    if (entries.length > 0) pieces.push(serialize({ kind: 'entries', map, entries } satisfies Piece));
  };
  for (const name of MAPS) slice(name, state[name] as Map<string, unknown>);
  slice('revisions', snapshot.revisions);
  return pieces;
}

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
