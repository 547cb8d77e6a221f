import type { EventStore } from '../store/contract.js';
import { StoreUnavailableError } from '../store/errors.js';
import { openCheckpoint, type OpenedCheckpoint } from './checkpoint.js';
import { Projector } from './projector.js';
import type { countsBody } from './read-models.js';

/** Hands the caught-up projector over, saying whether it started from the checkpoint's state. */
type TakeOver = (projector: Projector, fromCheckpoint: boolean) => void;

/**
 * A ledger opened over a large checkpoint saved at the log's head: reading a million events'
 * state back takes seconds, but the current counts are in the checkpoint's
 * header and cannot have changed (nothing was appended since). They are answered at once
 * while the state is read back piece by piece, the event loop serving requests in between;
 * reads that need the state are refused as temporarily unavailable, and commands wait.
 */
export class WarmStart {
  /** Resolves once the projector has taken over (or the start was cancelled). */
  readonly ready: Promise<void>;
  private cancelled = false;

  /** Only a checkpoint with views, large enough to be worth it, and still at the log's head. */
  static async applies(checkpoint: OpenedCheckpoint, store: EventStore, minEvents: number): Promise<boolean> {
    if (!checkpoint.views || checkpoint.eventCount < minEvents) return false;
    return ((await store.headPosition()) ?? 0n) === checkpoint.seen;
  }

  constructor(
    private readonly checkpoint: OpenedCheckpoint,
    store: EventStore,
    takeOver: TakeOver,
  ) {
    this.ready = this.run(store, takeOver);
  }

  private async run(store: EventStore, takeOver: TakeOver): Promise<void> {
    let snapshot;
    try {
      snapshot = await this.checkpoint.load({ yieldBetweenPieces: true, cancelled: () => this.cancelled });
    } catch {
      if (this.cancelled) return;
      snapshot = undefined; // an unreadable piece: fold the log from its start instead
    }
    if (this.cancelled) return;
    const projector = new Projector(store, snapshot);
    projector.start();
    await projector.catchUp();
    takeOver(projector, snapshot !== undefined);
  }

  /** The body saved for a current view (`asOf` absent), if the checkpoint has it. */
  view(kind: string, asOfParam: string | undefined): unknown {
    if (asOfParam !== undefined && asOfParam !== '') return undefined;
    return this.checkpoint.views?.bodies[kind];
  }

  /** Throws for a read that needs the state. */
  refuse(): void {
    throw new StoreUnavailableError(`${this.describe()}; only the current counts can be read until then`, 1);
  }

  describe(): string {
    return `the ledger is reading back its checkpoint of ${this.checkpoint.eventCount} events`;
  }

  /** Stops reading the checkpoint back (the ledger is closing) and waits for the reader to let go. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.ready.catch(() => undefined);
  }
}

/**
 * The current counts from the header of a checkpoint saved at the log's head, as a warm start
 * answers them, without reading its state back; undefined when there is no such checkpoint.
 * For a process that asks nothing else (`ledger query counts`).
 */
export async function countsAtHead(store: EventStore, checkpointPath: string): Promise<ReturnType<typeof countsBody> | undefined> {
  const checkpoint = await openCheckpoint(checkpointPath, store);
  if (!checkpoint) return undefined;
  try {
    if (!(await WarmStart.applies(checkpoint, store, 0))) return undefined;
    return checkpoint.views?.bodies['counts'] as ReturnType<typeof countsBody> | undefined;
  } finally {
    await checkpoint.close();
  }
}
