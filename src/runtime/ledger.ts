import type { Command } from '../domain/commands.js';
import { ValidationError } from '../domain/errors.js';
import { asOf, type AsOf } from '../../projections/as-of.js';
import { openEventStore } from '../store/index.js';
import type { EventStore, RecordedEvent } from '../store/contract.js';
import { positionOfAsOf } from './as-of-param.js';
import { executeCommands, type ExecuteOptions, type ExecuteResult } from './command-handler.js';
import { Projector } from './projector.js';
import { openCheckpoint, saveCheckpoint, type CheckpointFile, type OpenedCheckpoint } from './checkpoint.js';
import { withSaveLock } from './checkpoint-lock.js';
import { removeStaleTemporaries } from './checkpoint-temporaries.js';
import * as bodies from './read-models.js';
import type { HistoryRequest } from '../../projections/index.js';
import type { PageRequest } from './list-page.js';
import { checkpointDue } from './checkpoint-policy.js';
import { WarmStart } from './warm-start.js';

export interface OpenLedgerOptions {
  /** Connection string (`sqlite:…`, `esdb://…`) or an open store the ledger then owns. */
  store: string | EventStore;
  /** @defaultValue 1 MiB */
  maxEventBytes?: number;
  /** File for projection checkpoints; none by default (rebuild on open). */
  checkpointPath?: string | undefined;
  /**
   * Whether this ledger saves checkpoints as well as starting from one. The command line
   * only reads the checkpoint a server keeps: it leaves the file, its lock and any save in
   * progress beside it to the server (`checkpoint()` and `close()` then save nothing).
   * @defaultValue true
   */
  saveCheckpoints?: boolean;
  /**
   * Save a checkpoint after this many new events, or after a quarter of the log once that is
   * more (see checkpointDue). @defaultValue 50_000
   */
  checkpointEvery?: number;
  /**
   * A checkpoint of at least this many events, saved at the log's head, is opened warm:
   * `open` returns at once, the current counts are answered from the checkpoint, and the
   * state is read back in the background; until it is, other reads fail with
   * StoreUnavailableError (503, Retry-After) and commands wait.
   * @defaultValue 10_000
   */
  warmStartEvents?: number;
}

/**
 * The ledger as its interfaces use it: commands in, views out, both against one store and
 * one projector that follows it live.
 */
export class Ledger {
  /** Bodies of the current views by kind, and of one earlier position each (see `cached`). */
  private readonly cache = new Map<string, { position: bigint; body: unknown }>();
  private readonly earlierBodies = new Map<string, { position: bigint; body: unknown }>();
  /** Current bodies of single transfers by the subject asked for (only ones that exist). */
  private transferBodies = { position: -1n, bodies: new Map<string, ReturnType<typeof bodies.transferBody>>() };
  private checkpointedAt: bigint;
  /** The checkpoint file the state came from or was last saved to: the next save adds a delta to it. */
  private checkpointFile: CheckpointFile | undefined;
  private saving: Promise<void> | undefined;
  /** Why the last periodic checkpoint failed, until one succeeds. */
  private checkpointProblem: string | undefined;
  private current: Projector;
  /** Set while a warm start reads the state back; see OpenLedgerOptions.warmStartEvents. */
  private warm: WarmStart | undefined;

  private constructor(
    readonly store: EventStore,
    projector: Projector,
    private readonly options: OpenLedgerOptions,
  ) {
    this.current = this.following(projector);
    this.checkpointedAt = projector.position;
  }

  /** A projector to read from, which asks for a checkpoint whenever it folds new events. */
  private following(projector: Projector): Projector {
    projector.whenFolded(() => this.checkpointIfDue());
    return projector;
  }

  static async open(options: OpenLedgerOptions): Promise<Ledger> {
    const store =
      typeof options.store === 'string'
        ? await openEventStore(options.store, options.maxEventBytes === undefined ? {} : { maxEventBytes: options.maxEventBytes })
        : options.store;
    try {
      return await Ledger.openOn(store, options);
    } catch (error) {
      // The ledger owns the store: a failed open closes it rather than leave it to keep the process alive.
      await store.close().catch(() => undefined);
      throw error;
    }
  }

  private static async openOn(store: EventStore, options: OpenLedgerOptions): Promise<Ledger> {
    if (options.checkpointPath && options.saveCheckpoints !== false) await removeStaleTemporaries(options.checkpointPath);
    const checkpoint = options.checkpointPath ? await openCheckpoint(options.checkpointPath, store) : undefined;
    if (checkpoint && (await WarmStart.applies(checkpoint, store, options.warmStartEvents ?? 10_000))) {
      return Ledger.openWarm(store, checkpoint, options);
    }
    const snapshot = checkpoint ? await checkpoint.load().catch(() => undefined) : undefined;
    const projector = new Projector(store, snapshot);
    projector.start();
    const ledger = new Ledger(store, projector, options);
    if (snapshot) ledger.checkpointFile = checkpoint?.file;
    try {
      await projector.catchUp();
    } catch (error) {
      // Otherwise the projector retries for ever: `ledger serve` on an unreachable store said why, then hung.
      await projector.stop();
      throw error;
    }
    return ledger;
  }

  /** Returns at once; the projector takes over once the checkpoint's state is read back. */
  private static openWarm(store: EventStore, checkpoint: OpenedCheckpoint, options: OpenLedgerOptions): Ledger {
    const ledger = new Ledger(store, new Projector(store), options);
    ledger.checkpointedAt = checkpoint.seen;
    ledger.warm = new WarmStart(checkpoint, store, (projector, fromCheckpoint) => {
      ledger.current = ledger.following(projector);
      if (fromCheckpoint) ledger.checkpointFile = checkpoint.file;
      const views = checkpoint.views!;
      for (const [kind, body] of Object.entries(views.bodies)) ledger.cache.set(kind, { position: views.position, body });
      ledger.warm = undefined;
    });
    return ledger;
  }

  /** The projector following the log (replaced once, at the end of a warm start). */
  get projector(): Projector {
    return this.current;
  }

  get state() {
    return this.projector.state;
  }

  async execute(commands: readonly Command[], options: ExecuteOptions): Promise<ExecuteResult> {
    await this.warm?.ready;
    return executeCommands(this.store, this.projector, commands, { maxEventBytes: this.options.maxEventBytes, ...options });
  }

  /** The projections as of `asOfParam` (a position or an ISO time), or now. */
  view(asOfParam?: string): AsOf {
    this.warm?.refuse();
    return asOf(this.state, positionOfAsOf(this.state, asOfParam));
  }

  transfers(asOfParam?: string) {
    return this.cached('transfers', asOfParam, bodies.transfersBody);
  }

  /** A page of `transfers`: a small body to send even when the whole list runs to many MB. */
  transfersPage(request: PageRequest, asOfParam?: string) {
    return bodies.transfersPage(this.transfers(asOfParam), request);
  }

  /** Like the other current views, each transfer's body is computed once per log position. */
  transfer(subject: string, asOfParam?: string) {
    const view = this.view(asOfParam);
    if (view.position !== this.state.position) return bodies.transferBody(view, subject);
    if (this.transferBodies.position !== view.position) this.transferBodies = { position: view.position, bodies: new Map() };
    let body = this.transferBodies.bodies.get(subject);
    if (!body) {
      body = bodies.transferBody(view, subject);
      this.transferBodies.bodies.set(subject, body);
    }
    return body;
  }

  counts(asOfParam?: string) {
    return this.cached('counts', asOfParam, bodies.countsBody);
  }

  facilities(asOfParam?: string) {
    return this.cached('facilities', asOfParam, bodies.facilitiesBody);
  }

  facilitiesPage(request: PageRequest, asOfParam?: string) {
    return bodies.facilitiesPage(this.facilities(asOfParam), request);
  }

  /** `page` asks for the steps after a position, at most `limit` of them; the body then says `next`. */
  history(subject: string, property?: string, asOfParam?: string, page: Omit<HistoryRequest, 'property'> = {}) {
    return bodies.historyBody(this.view(asOfParam), subject, { property, ...page });
  }

  claim(claimId: string) {
    this.warm?.refuse();
    return bodies.claimBody(this.state, this.projector.revisions, claimId);
  }

  /** `page` asks for the changed subjects after one, at most `limit` of them; the body then says `next`. */
  diff(fromParam: string, toParam?: string, page: PageRequest = {}) {
    this.warm?.refuse();
    if (!fromParam) throw new ValidationError([{ path: 'from', message: 'is required' }]);
    const from = positionOfAsOf(this.state, fromParam, 'from');
    const to = positionOfAsOf(this.state, toParam, 'to');
    if (from > to) {
      throw new ValidationError([{ path: 'from', message: `position ${from} is after to (${to}); a diff runs forwards` }]);
    }
    return bodies.diffBody(this.state, from, to, page);
  }

  /** A page of the raw log, oldest first, from a position (inclusive). */
  async events(fromPosition: bigint, limit: number): Promise<{ events: RecordedEvent[]; next: bigint | null }> {
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readAll({ fromPosition, maxCount: limit + 1 })) events.push(event);
    const next = events.length > limit ? events.pop()!.position : null;
    return { events, next };
  }

  async health() {
    const head = await this.store.headPosition();
    const projected = this.projector.position;
    const chain = this.store.integrity ? await this.store.integrity.head() : null;
    const problem = this.warm ? this.warm.describe() : (this.projector.failure?.message ?? this.checkpointProblem);
    return {
      status: problem === undefined ? 'ok' : 'degraded',
      engine: this.store.engine,
      lastPosition: head ?? 0n,
      projectedPosition: projected,
      lag: head === null ? 0n : head - projected,
      chainHead: chain,
      ...(problem === undefined ? {} : { problem }),
    };
  }

  /**
   * Each view's body is kept for the current position and for one earlier one. A view as of a
   * position never changes once the log is past it, so the body computed when that position
   * was current answers later reads as of it: a client paging through a list pinned to its
   * first page's position reads kept bodies while writes move the log on. The earlier body
   * costs little memory when it was once current (the next one shares most of its objects,
   * see projections/transfers.ts), and at most one whole view when it was asked for as of.
   */
  private cached<Body>(kind: string, asOfParam: string | undefined, build: (view: AsOf) => Body): Body {
    const warmBody = this.warm?.view(kind, asOfParam);
    if (warmBody !== undefined) return warmBody as Body;
    const view = this.view(asOfParam);
    const current = this.cache.get(kind);
    if (current?.position === view.position) return current.body as Body;
    const earlier = this.earlierBodies.get(kind);
    if (earlier?.position === view.position) return earlier.body as Body;
    const body = build(view);
    if (view.position === this.state.position) {
      // A copy of the top level only: HTTP keeps a body's JSON text for as long as the body
      // object lives (api/reply.ts), and at a million events a transfers text is ~170 MiB.
      if (current) this.earlierBodies.set(kind, { position: current.position, body: { ...(current.body as object) } });
      this.cache.set(kind, { position: view.position, body });
    } else this.earlierBodies.set(kind, { position: view.position, body });
    return body;
  }

  /** The checkpoint this ledger saves to, if it saves one. */
  private get savesTo(): string | undefined {
    return this.options.saveCheckpoints === false ? undefined : this.options.checkpointPath;
  }

  /**
   * Saves a checkpoint once one is due (checkpointDue), in the background. Asked whenever the
   * projector has folded new events (Projector.whenFolded): once it has caught up after
   * opening, so a start that folded a long log saves it rather than leaving it all to the
   * stop (or, after a crash, to the next start), and after each live event, whoever appended
   * it. The command that crosses the line is answered without waiting, and so are the ones
   * after it (the state is serialised a piece at a time between requests). A failed save is
   * reported by health() until a later one succeeds; the commands themselves were recorded.
   */
  private checkpointIfDue(): void {
    const { checkpointEvery = 50_000 } = this.options;
    if (!this.savesTo || this.saving) return;
    if (!checkpointDue(this.projector.position, this.checkpointedAt, checkpointEvery)) return;
    // Between commands, counts go in only if they are at hand: computing them for a long log
    // would take seconds more.
    this.save(false).then(
      () => {
        this.checkpointProblem = undefined;
        // Events folded while it was saving asked in vain: one more may be due already.
        this.checkpointIfDue();
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.checkpointProblem = `the last checkpoint could not be saved (${reason}); a restart will fold more of the log`;
      },
    );
  }

  /**
   * Persists the projections so the next start folds only what came after, with the body of
   * the current counts, which a restart answers before the state is read back. (Only counts:
   * it is small, where transfers and facilities run to tens of MB on a long log.)
   */
  async checkpoint(): Promise<void> {
    while (this.saving) await this.saving;
    await this.save(true);
  }

  /**
   * One save at a time. Concurrent commands all cross checkpointEvery together; each used to
   * start its own save of the whole state (32 at once under load) into the same temporary
   * file. A save already running covers the commands that come during it.
   */
  private save(computeCounts: boolean): Promise<void> {
    this.saving ??= this.saveNow(computeCounts).finally(() => {
      this.saving = undefined;
    });
    return this.saving;
  }

  private async saveNow(computeCounts: boolean): Promise<void> {
    const checkpointPath = this.savesTo;
    // During a warm start the file on disk is still the current checkpoint.
    if (this.warm || !checkpointPath) return;
    // Nothing folded since the last save. Unless that save was a periodic one made without the
    // counts and they are wanted now (a stop): without them the restart would not open warm.
    const savedWithoutCounts = computeCounts && this.checkpointFile?.lastHasViews === false;
    if (this.projector.position === this.checkpointedAt && !savedWithoutCounts) return;
    const previous = this.checkpointFile;
    // Until this save is done, the file is in no state to add to.
    this.checkpointFile = undefined;
    const saved = await withSaveLock(checkpointPath, () => {
      // Taken once the lock is held, with no wait before saveCheckpoint, which pins the stream
      // revisions as they stand at its call: they must be the snapshot's.
      const cached = this.cache.get('counts');
      const counts = computeCounts ? this.counts() : cached?.position === this.state.position ? cached.body : undefined;
      const views = counts === undefined ? undefined : { position: this.state.position, bodies: { counts } };
      const snapshot = this.projector.snapshot();
      return saveCheckpoint(checkpointPath, snapshot, this.store, views, previous).then((file) => ({ file, savedAt: snapshot.seen }));
    });
    if (saved) {
      this.checkpointFile = saved.file;
      // What was saved, not where the projector is once the write is done.
      this.checkpointedAt = saved.savedAt;
    } else {
      // Another save of this checkpoint is under way (another process on this log, or another
      // ledger in this one): it saves the same state. Its file is not the one this ledger last
      // wrote, so the next save here is a whole one.
      this.checkpointedAt = this.projector.position;
    }
  }

  async close(): Promise<void> {
    await this.warm?.cancel();
    await this.projector.stop();
    await this.checkpoint();
    await this.store.close();
  }
}
