import type { CommandInput } from '../../src/domain/commands.js';
import { decide } from '../../src/domain/decide.js';
import type { LedgerEvent, PositionedEvent } from '../../src/domain/events.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { ALIASES_STREAM, streamOfReport, streamOfSource, streamOfSubject } from '../../src/domain/streams.js';
import { asOf, now, type AsOf } from '../../projections/as-of.js';
import { evolve, initialState, type LedgerState } from '../../projections/ledger-state.js';
import { PlanningContext } from '../../src/runtime/planning-context.js';

/** Recorded times start here and advance one minute per position, so as-of by time is predictable. */
export const LOG_EPOCH = Date.parse('2026-11-24T10:00:00Z');

export const recordedAtOf = (position: bigint): Date => new Date(LOG_EPOCH + Number(position) * 60_000);

/** The stream an event belongs to (DESIGN §3), as the runtime appends it. */
export function streamOfEvent(event: LedgerEvent): string {
  switch (event.type) {
    case 'SourceRegistered':
      return streamOfSource(event.sourceId);
    case 'ReportRecorded':
      return streamOfReport(event.reportId);
    case 'ClaimAsserted':
    case 'ClaimAmended':
    case 'ClaimRetracted':
      return streamOfSubject(event.subject);
    case 'SubjectAliased':
      return ALIASES_STREAM;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/**
 * The ledger without a store: events folded with the projections' `evolve` at positions
 * 1, 2, 3…, and commands decided against the same `PlanningContext` the runtime uses. Pure
 * and fast, for unit tests of deciders and projections.
 */
export class InMemoryLog {
  readonly state: LedgerState = initialState();
  readonly revisions = new Map<string, bigint>();
  readonly events: PositionedEvent[] = [];

  /** Appends events as they are, without deciding them. */
  append(...events: LedgerEvent[]): this {
    for (const event of events) {
      const position = this.state.position + 1n;
      // As the store hands events over: the data without its type, the type beside it.
      const { type, ...data } = event;
      const positioned = { type, event: data, position, recordedAt: recordedAtOf(position), actor: 'test' } as PositionedEvent;
      const stream = streamOfEvent(event);
      const revision = this.revisions.get(stream);
      this.revisions.set(stream, revision === undefined ? 0n : revision + 1n);
      this.events.push(positioned);
      evolve(this.state, positioned);
    }
    return this;
  }

  /** Parses and decides each command in turn, appending its events; a refused command throws. */
  record(...commands: CommandInput[]): this {
    for (const command of commands) this.append(...decide(parseCommand(command), this.context()).events);
    return this;
  }

  context(): PlanningContext {
    return new PlanningContext(this.state, this.revisions);
  }

  get position(): bigint {
    return this.state.position;
  }

  now(): AsOf {
    return now(this.state);
  }

  at(position: bigint): AsOf {
    return asOf(this.state, position);
  }
}

/** A log holding `commands`, decided and folded in order. */
export function logOf(...commands: CommandInput[]): InMemoryLog {
  return new InMemoryLog().record(...commands);
}
