import { START, type EventStore, type RecordedEvent, type Subscription } from '../store/contract.js';
import { evolve, initialState, type LedgerState } from '../../projections/ledger-state.js';
import { LateFiling } from '../../projections/late-filing.js';
import { createPositioner } from './positioned.js';
import { StreamRevisions } from './stream-revisions.js';

export interface ProjectorSnapshot {
  state: LedgerState;
  revisions: StreamRevisions;
  /** Last position seen, ledger event or not. */
  seen: bigint;
}

interface Waiter {
  position: bigint;
  resolve: () => void;
}

/**
 * Feeds the projections from the store: catch-up, then live, through one subscription.
 * Also tracks each stream's last revision, which commands are decided against.
 */
export class Projector {
  private readonly folded: LedgerState;
  readonly revisions: StreamRevisions;
  /** What a catch-up read files, held back until the state is read (see `foldToHead`). */
  private held: LateFiling | undefined;
  private seen: bigint;
  private waiters: Waiter[] = [];
  private readonly toPositioned = createPositioner();
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** The last error the subscription raised; cleared when events flow again. */
  failure: Error | undefined;
  private onFolded: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    snapshot?: ProjectorSnapshot,
  ) {
    this.folded = snapshot?.state ?? initialState();
    this.revisions = snapshot?.revisions ?? new StreamRevisions();
    this.seen = snapshot?.seen ?? 0n;
  }

  /** The projections, with everything folded so far filed. */
  get state(): LedgerState {
    if (this.held) this.held.fileInto(this.folded);
    return this.folded;
  }

  get position(): bigint {
    return this.seen;
  }

  snapshot(): ProjectorSnapshot {
    return { state: this.state, revisions: this.revisions, seen: this.seen };
  }

  apply(recorded: RecordedEvent): void {
    if (recorded.position <= this.seen && this.seen !== 0n) return;
    this.revisions.set(recorded.streamId, recorded.revision);
    const positioned = this.toPositioned(recorded);
    if (positioned) evolve(this.folded, positioned, this.held);
    this.seen = recorded.position;
    this.failure = undefined;
    if (this.waiters.length > 0) this.releaseWaiters();
  }

  /**
   * Calls `listener` whenever following the log has folded new events: each time a catch-up
   * read reaches the head, then after each live event, whoever appended it. The ledger
   * decides there whether a checkpoint is due.
   */
  whenFolded(listener: () => void): void {
    this.onFolded = listener;
  }

  /** Starts following the log; resubscribes by itself after an error. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.follow();
  }

  private async follow(): Promise<void> {
    let backoffMs = 100;
    while (!this.stopped) {
      try {
        await this.foldToHead();
        if (this.stopped) return;
        this.onFolded?.();
        this.subscription = this.store.subscribeToAll({ fromPosition: this.seen === 0n ? START : this.seen });
        for await (const recorded of this.subscription) {
          this.apply(recorded);
          backoffMs = 100;
          this.onFolded?.();
        }
      } catch (error) {
        if (this.stopped) return;
        this.failure = error instanceof Error ? error : new Error(String(error));
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 5_000);
      }
    }
  }

  /**
   * Folds the log from the last event seen to its head, without following it; not while the
   * projector follows the log, whose `start` runs it itself. A plain forward read, a page at a
   * time: an engine reads a long log fastest that way (SQLite reads ahead on a worker thread).
   * It starts at the last event seen, which `apply` skips, because only a position an event
   * has is a valid place to start reading on every engine.
   *
   * What the fold files that the fold itself never reads (new chains, amendments, reports,
   * retractions) is held back and filed in runs (late-filing.ts): whenever the state is read
   * through `state` or `snapshot`, which is how waiters and everyone else read it, and when
   * the read ends, however it ends.
   */
  async foldToHead(onPage?: (events: number) => void): Promise<void> {
    const held = new LateFiling();
    this.held = held;
    try {
      for await (const page of this.store.readAllPages({ fromPosition: this.seen === 0n ? START : this.seen })) {
        for (const recorded of page) {
          if (this.stopped) return;
          this.apply(recorded);
        }
        onPage?.(page.length);
      }
    } finally {
      held.fileInto(this.folded);
      this.held = undefined;
    }
  }

  /** Resolves once every event up to `position` has been folded. */
  waitFor(position: bigint): Promise<void> {
    if (this.seen >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /** Resolves once the projections include everything the store had when called. */
  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== null) await this.waitFor(head);
  }

  private releaseWaiters(): void {
    const pending: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (this.seen >= waiter.position) waiter.resolve();
      else pending.push(waiter);
    }
    this.waiters = pending;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.unsubscribe();
    await this.running;
    this.running = undefined;
  }
}

/** A rebuild reports its progress after about this many events. */
const PROGRESS_EVERY = 10_000;

/** Folds the whole log from scratch, without following it: a rebuild. */
export async function rebuild(
  store: EventStore,
  onProgress?: (events: number) => void,
): Promise<ProjectorSnapshot> {
  const projector = new Projector(store);
  let count = 0;
  let reported = 0;
  await projector.foldToHead((events) => {
    count += events;
    if (onProgress && count - reported >= PROGRESS_EVERY) {
      onProgress(count);
      reported = count;
    }
  });
  onProgress?.(count);
  // A rebuild's time includes every revision, not only those a later read would put in.
  projector.revisions.settle();
  return projector.snapshot();
}
