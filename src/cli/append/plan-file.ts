import type { Command } from '../../domain/commands.js';
import { decide } from '../../domain/decide.js';
import { LedgerError } from '../../ledger-error.js';
import type { Ledger } from '../../runtime/ledger.js';
import { PlanningContext } from '../../runtime/planning-context.js';
import type { LineError } from './line-error.js';

export interface FilePlan {
  /** Indexes (into the parsed commands) that pass every rule, in file order. */
  accepted: number[];
  errors: LineError[];
}

/**
 * Pass 2: the domain rules for the whole file at once, against the ledger as it stands,
 * each command seeing the ones before it as if appended (a source registered on line 1 may
 * be cited on line 9,000). Nothing is appended here. A command that fails is not planned,
 * so commands that depend on it fail too and are reported with their own lines.
 */
export function planFile(ledger: Ledger, commands: readonly Command[], lines: readonly number[]): FilePlan {
  const context = new PlanningContext(ledger.state, ledger.projector.revisions);
  const plan: FilePlan = { accepted: [], errors: [] };
  commands.forEach((command, index) => {
    try {
      context.plan(decide(command, context));
      plan.accepted.push(index);
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      plan.errors.push({ line: lines[index]!, path: error.where ?? '', message: error.message, code: error.code });
    }
  });
  return plan;
}
