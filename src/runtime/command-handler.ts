import { primaryIdOf, type Command } from '../domain/commands.js';
import { decide, type Decision } from '../domain/decide.js';
import { claimEtag } from '../domain/decision-context.js';
import { DomainRuleError, PreconditionFailedError } from '../domain/errors.js';
import { SCHEMA_VERSION } from '../domain/events.js';
import { DEFAULT_MAX_EVENT_BYTES, type EventData, type EventStore, type JsonValue } from '../store/contract.js';
import { InvalidStoreInputError, WrongExpectedVersionError } from '../store/errors.js';
import { prepareAppend } from '../store/validate-input.js';
import { LedgerError } from '../ledger-error.js';
import { commandIdOf, eventIdOf } from './event-ids.js';
import { PlanningContext } from './planning-context.js';
import type { Projector } from './projector.js';

export interface ExecuteOptions {
  /** Who records the commands; kept in every event's metadata. */
  actor: string;
  /** ETag the caller read; an amendment or retraction is refused if its claim has changed. */
  ifMatch?: string | undefined;
  /** Append the commands that pass and report the others, instead of refusing the batch. */
  partial?: boolean;
  /**
   * Largest event the store takes (data + metadata, bytes of JSON). A batch is checked
   * against it before anything is appended, so that the store cannot refuse one command
   * of a batch after others of it were recorded. @defaultValue DEFAULT_MAX_EVENT_BYTES (1 MiB)
   */
  maxEventBytes?: number | undefined;
}

export interface CommandOutcome {
  index: number;
  type: Command['type'];
  id: string;
  /** `recorded` when appended now, `unchanged` when it had been recorded before. */
  status: 'recorded' | 'unchanged';
  stream: string;
  position?: bigint;
}

export interface CommandFailure {
  index: number;
  error: LedgerError;
}

export interface ExecuteResult {
  outcomes: CommandOutcome[];
  failures: CommandFailure[];
}

/** Thrown when a batch is refused whole; `index` says which command broke a rule. */
export class BatchRejectedError extends LedgerError {
  readonly code: string;

  constructor(
    readonly index: number,
    readonly error: LedgerError,
  ) {
    super(error.message, error.where);
    this.code = error.code;
  }
}

const MAX_ATTEMPTS = 8;

/**
 * Decides commands against the caught-up projections and appends the events at the
 * revisions read. A concurrent write to the same stream makes the append fail; the batch is
 * then decided again, and commands that did land become no-ops because ids are the caller's.
 */
export async function executeCommands(
  store: EventStore,
  projector: Projector,
  commands: readonly Command[],
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  for (let attempt = 1; ; attempt += 1) {
    await projector.catchUp();
    const plan = planBatch(projector, commands, options);
    try {
      const outcomes = await appendPlan(store, plan.decisions, commands);
      const last = outcomes.reduce<bigint>((max, o) => (o.position !== undefined && o.position > max ? o.position : max), 0n);
      await projector.waitFor(last);
      return { outcomes, failures: plan.failures };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

interface Plan {
  /** `eventData`: the decision's events as the store takes them. */
  decisions: (Decision & { index: number; eventData: EventData[] })[];
  failures: CommandFailure[];
}

function planBatch(projector: Projector, commands: readonly Command[], options: ExecuteOptions): Plan {
  const context = new PlanningContext(projector.state, projector.revisions);
  const plan: Plan = { decisions: [], failures: [] };
  commands.forEach((command, index) => {
    try {
      const decision = decideUnderIfMatch(command, context, options.ifMatch);
      const eventData = decision.events.length > 0 ? eventDataOf(decision, command, options.actor) : [];
      // Alone, a command the store refuses leaves nothing behind; in a batch, others would.
      if (commands.length > 1 && eventData.length > 0) checkStoreTakes(decision, eventData, options.maxEventBytes);
      // Only later commands of the batch read what is planned: the last one plans nothing.
      if (index < commands.length - 1) context.plan(decision);
      plan.decisions.push({ ...decision, index, eventData });
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      if (!options.partial) throw new BatchRejectedError(index, error);
      plan.failures.push({ index, error });
    }
  });
  return plan;
}

/**
 * A stale If-Match wins over the rule a command then breaks (RFC 9110 §13.2.2: preconditions
 * first): of many racing amendments read at one ETag, the losers learn the claim changed
 * (412 with its new ETag) rather than that it was amended (409). A replay of a command already
 * recorded is still a no-op, whatever its If-Match.
 */
function decideUnderIfMatch(command: Command, context: PlanningContext, ifMatch: string | undefined): Decision {
  let decision: Decision;
  try {
    decision = decide(command, context);
  } catch (error) {
    if (ifMatch !== undefined && error instanceof LedgerError) checkIfMatch(command, context, ifMatch);
    throw error;
  }
  if (decision.events.length > 0 && ifMatch !== undefined) checkIfMatch(command, context, ifMatch);
  return decision;
}

function checkIfMatch(command: Command, context: PlanningContext, ifMatch: string): void {
  const targetId =
    command.type === 'AmendClaim' ? command.amends : command.type === 'RetractClaim' ? command.claimId : undefined;
  if (targetId === undefined) {
    throw new DomainRuleError('VALUE_INVALID', 'If-Match applies only to AmendClaim and RetractClaim', 'If-Match');
  }
  const target = context.claim(targetId);
  if (target && ifMatch !== '*' && claimEtag(target) !== ifMatch) {
    throw new PreconditionFailedError(targetId, claimEtag(target));
  }
}

function eventDataOf(decision: Decision, command: Command, actor: string): EventData[] {
  const metadata = { commandId: commandIdOf(command), actor, schemaVersion: SCHEMA_VERSION };
  const primaryId = primaryIdOf(command);
  return decision.events.map((event) => {
    const { type, ...data } = event;
    return { id: eventIdOf(type, primaryId), type, data: data as JsonValue, metadata };
  });
}

/** The store's own input check (sizes, names), run before the first append of a batch. */
function checkStoreTakes(decision: Decision, events: EventData[], maxEventBytes = DEFAULT_MAX_EVENT_BYTES): void {
  try {
    prepareAppend(decision.stream, events, { expectedRevision: decision.expectedRevision }, maxEventBytes);
  } catch (error) {
    if (!(error instanceof InvalidStoreInputError)) throw error;
    throw new InvalidStoreInputError(`the store refuses this command's event: ${error.message}`, '');
  }
}

/**
 * Issues every append without waiting for the one before: the SQLite engine commits one
 * caller's appends in call order and group-commits them, so a batch costs a few syncs.
 */
async function appendPlan(store: EventStore, decisions: Plan['decisions'], commands: readonly Command[]): Promise<CommandOutcome[]> {
  const settled = await Promise.allSettled(
    decisions.map((decision) => {
      if (decision.eventData.length === 0) return Promise.resolve(undefined);
      return store.appendToStream(decision.stream, decision.eventData, { expectedRevision: decision.expectedRevision });
    }),
  );
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return decisions.map((decision, i) => {
    const result = settled[i]!.status === 'fulfilled' ? (settled[i] as PromiseFulfilledResult<{ position: bigint } | undefined>).value : undefined;
    const command = commands[decision.index]!;
    return {
      index: decision.index,
      type: command.type,
      id: primaryIdOf(command),
      status: decision.events.length > 0 ? 'recorded' : 'unchanged',
      stream: decision.stream,
      ...(result ? { position: result.position } : {}),
    };
  });
}
