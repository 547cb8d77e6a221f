import type { Command } from '../domain/commands.js';
import { ValidationError } from '../domain/errors.js';
import { asOf, type AsOf } from '../../projections/as-of.js';
import { openEventStore } from '../store/index.js';
import type { EventStore, RecordedEvent } from '../store/contract.js';
import { positionOfAsOf } from './as-of-param.js';
import { executeCommands, type ExecuteOptions, type ExecuteResult } from './command-handler.js';
import { Projector } from './projector.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import * as bodies from './read-models.js';

export interface OpenLedgerOptions {
  /** Connection string (`sqlite:…`, `esdb://…`) or an open store the ledger then owns. */
  store: string | EventStore;
  /** @defaultValue 1 MiB */
  maxEventBytes?: number;
  /** File for projection checkpoints; none by default (rebuild on open). */
  checkpointPath?: string | undefined;
  /** Save a checkpoint after this many new events. @defaultValue 50_000 */
  checkpointEvery?: number;
}

/**
 * The ledger as its interfaces use it: commands in, views out, both against one store and
 * one projector that follows it live.
 */
export class Ledger {
  private readonly cache = new Map<string, { position: bigint; body: unknown }>();
  /** Current bodies of single transfers by the subject asked for (only ones that exist). */
  private transferBodies = { position: -1n, bodies: new Map<string, ReturnType<typeof bodies.transferBody>>() };
  private checkpointedAt: bigint;

  private constructor(
    readonly store: EventStore,
    readonly projector: Projector,
    private readonly options: OpenLedgerOptions,
  ) {
    this.checkpointedAt = projector.position;
  }

  static async open(options: OpenLedgerOptions): Promise<Ledger> {
    const store =
      typeof options.store === 'string'
        ? await openEventStore(options.store, options.maxEventBytes === undefined ? {} : { maxEventBytes: options.maxEventBytes })
        : options.store;
    const snapshot = options.checkpointPath ? await loadCheckpoint(options.checkpointPath, store) : undefined;
    const projector = new Projector(store, snapshot);
    projector.start();
    const ledger = new Ledger(store, projector, options);
    await projector.catchUp();
    return ledger;
  }

  get state() {
    return this.projector.state;
  }

  async execute(commands: readonly Command[], options: ExecuteOptions): Promise<ExecuteResult> {
    const result = await executeCommands(this.store, this.projector, commands, { maxEventBytes: this.options.maxEventBytes, ...options });
    await this.maybeCheckpoint();
    return result;
  }

  /** The projections as of `asOfParam` (a position or an ISO time), or now. */
  view(asOfParam?: string): AsOf {
    return asOf(this.state, positionOfAsOf(this.state, asOfParam));
  }

  transfers(asOfParam?: string) {
    return this.cached('transfers', asOfParam, bodies.transfersBody);
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

  history(subject: string, property?: string, asOfParam?: string) {
    return bodies.historyBody(this.view(asOfParam), subject, property);
  }

  claim(claimId: string) {
    return bodies.claimBody(this.state, this.projector.revisions, claimId);
  }

  diff(fromParam: string, toParam?: string) {
    if (!fromParam) throw new ValidationError([{ path: 'from', message: 'is required' }]);
    const from = positionOfAsOf(this.state, fromParam, 'from');
    const to = positionOfAsOf(this.state, toParam, 'to');
    if (from > to) {
      throw new ValidationError([{ path: 'from', message: `position ${from} is after to (${to}); a diff runs forwards` }]);
    }
    return bodies.diffBody(this.state, from, to);
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
    return {
      status: this.projector.failure ? 'degraded' : 'ok',
      engine: this.store.engine,
      lastPosition: head ?? 0n,
      projectedPosition: projected,
      lag: head === null ? 0n : head - projected,
      chainHead: chain,
      ...(this.projector.failure ? { problem: this.projector.failure.message } : {}),
    };
  }

  /** Current views are computed once per log position; as-of views are computed on demand. */
  private cached<Body>(kind: string, asOfParam: string | undefined, build: (view: AsOf) => Body): Body {
    const view = this.view(asOfParam);
    if (view.position !== this.state.position) return build(view);
    const hit = this.cache.get(kind);
    if (hit && hit.position === view.position) return hit.body as Body;
    const body = build(view);
    this.cache.set(kind, { position: view.position, body });
    return body;
  }

  private async maybeCheckpoint(): Promise<void> {
    const { checkpointPath, checkpointEvery = 50_000 } = this.options;
    if (!checkpointPath) return;
    if (this.projector.position - this.checkpointedAt < BigInt(checkpointEvery)) return;
    await this.checkpoint();
  }

  /** Persists the projections so the next start folds only what came after. */
  async checkpoint(): Promise<void> {
    if (!this.options.checkpointPath || this.projector.position === this.checkpointedAt) return;
    await saveCheckpoint(this.options.checkpointPath, this.projector.snapshot(), this.store);
    this.checkpointedAt = this.projector.position;
  }

  async close(): Promise<void> {
    await this.projector.stop();
    await this.checkpoint();
    await this.store.close();
  }
}
