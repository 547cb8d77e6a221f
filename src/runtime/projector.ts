import { START, type EventStore, type RecordedEvent, type Subscription } from '../store/contract.js';
import { evolve, initialState, type Filing, type LedgerState } from '../../projections/ledger-state.js';
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
  readonly state: LedgerState;
  readonly revisions: StreamRevisions;
  private seen: bigint;
  private waiters: Waiter[] = [];
  private readonly toPositioned = createPositioner();
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** The last error the subscription raised; cleared when events flow again. */
  failure: Error | undefined;

  constructor(
    private readonly store: EventStore,
    snapshot?: ProjectorSnapshot,
  ) {
    this.state = snapshot?.state ?? initialState();
    this.revisions = snapshot?.revisions ?? new StreamRevisions();
    this.seen = snapshot?.seen ?? 0n;
  }

  get position(): bigint {
    return this.seen;
  }

  snapshot(): ProjectorSnapshot {
    return { state: this.state, revisions: this.revisions, seen: this.seen };
  }

  /** `filing`: see `evolve`; one that holds back files before anything reads the state. */
  apply(recorded: RecordedEvent, filing?: Filing): void {
    if (recorded.position <= this.seen && this.seen !== 0n) return;
    this.revisions.set(recorded.streamId, recorded.revision);
    const positioned = this.toPositioned(recorded);
    if (positioned) evolve(this.state, positioned, filing);
    this.seen = recorded.position;
    this.failure = undefined;
    if (this.waiters.length > 0) this.releaseWaiters();
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
        await this.readToHead();
        if (this.stopped) return;
        this.subscription = this.store.subscribeToAll({ fromPosition: this.seen === 0n ? START : this.seen });
        for await (const recorded of this.subscription) {
          this.apply(recorded);
          backoffMs = 100;
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
   * Catch-up is a plain forward read, a page at a time, before the subscription takes over
   * from the last event seen: an engine reads a long log fastest that way (SQLite reads ahead
   * on a worker thread).
   * It starts at the last event seen, which `apply` skips, because only a position an event
   * has is a valid place to start reading on every engine.
   */
  private async readToHead(): Promise<void> {
    for await (const page of this.store.readAllPages({ fromPosition: this.seen === 0n ? START : this.seen })) {
      for (const recorded of page) {
        if (this.stopped) return;
        this.apply(recorded);
      }
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
  // Nothing reads this state before it is returned, so what the fold files is filed in runs.
  const filing = new LateFiling();
  let count = 0;
  let reported = 0;
  for await (const page of store.readAllPages()) {
    for (const recorded of page) projector.apply(recorded, filing);
    count += page.length;
    if (onProgress && count - reported >= PROGRESS_EVERY) {
      onProgress(count);
      reported = count;
    }
  }
  onProgress?.(count);
  filing.fileInto(projector.state);
  // A rebuild's time includes every revision, not only those a later read would put in.
  projector.revisions.settle();
  return projector.snapshot();
}
