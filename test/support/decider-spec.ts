import { expect } from 'vitest';
import type { CommandInput } from '../../src/domain/commands.js';
import { decide, type Decision } from '../../src/domain/decide.js';
import { DomainRuleError, type DomainRule } from '../../src/domain/errors.js';
import type { LedgerEvent } from '../../src/domain/events.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { InMemoryLog } from './in-memory-log.js';

export interface DeciderThen {
  /** The command becomes exactly these events. */
  then(expected: readonly LedgerEvent[]): Decision;
  /** The command was already recorded: no events. */
  thenNothing(): Decision;
  /** The command breaks `rule`; returns the error for more assertions. */
  thenThrows(rule: DomainRule, where?: string): DomainRuleError;
}

export interface DeciderWhen {
  when(command: CommandInput): DeciderThen;
}

/**
 * given / when / then for the deciders: the `given` events are folded by the projections'
 * `evolve` into the state the runtime decides against (`PlanningContext`), the `when`
 * command is parsed as the interfaces parse it, and `decide` runs on the result.
 */
export function given(...history: LedgerEvent[]): DeciderWhen {
  return {
    when(command) {
      // Parsed here, not in `then…`: a command the format refuses never reaches the decider.
      const parsed = parseCommand(command);
      const log = new InMemoryLog().append(...history);
      const run = (): Decision => decide(parsed, log.context());
      return {
        then(expected) {
          const decision = run();
          expect(decision.events).toEqual(expected);
          return decision;
        },
        thenNothing() {
          const decision = run();
          expect(decision.events).toEqual([]);
          return decision;
        },
        thenThrows(rule, where) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown, `expected ${rule}`).toBeInstanceOf(DomainRuleError);
          const error = thrown as DomainRuleError;
          expect(error.code).toBe(rule);
          if (where !== undefined) expect(error.where).toBe(where);
          return error;
        },
      };
    },
  };
}
