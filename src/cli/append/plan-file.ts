import type { Command } from '../../domain/commands.js';
import { decide, type Decision } from '../../domain/decide.js';
import { SCHEMA_VERSION } from '../../domain/events.js';
import { LedgerError } from '../../ledger-error.js';
import type { Ledger } from '../../runtime/ledger.js';
import { PlanningContext } from '../../runtime/planning-context.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../../store/contract.js';
import { formatCount } from '../format/numbers.js';
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
 * Events the store would refuse as too large are caught here too, not midway through pass 3.
 */
export function planFile(ledger: Ledger, commands: readonly Command[], lines: readonly number[], actor: string): FilePlan {
  const context = new PlanningContext(ledger.state, ledger.projector.revisions);
  const metadataBytes = Buffer.byteLength(
    JSON.stringify({ commandId: '00000000-0000-0000-0000-000000000000', actor, schemaVersion: SCHEMA_VERSION }),
  );
  const plan: FilePlan = { accepted: [], errors: [] };
  commands.forEach((command, index) => {
    const line = lines[index]!;
    try {
      const decision = decide(command, context);
      const tooLarge = oversizedEvent(decision, metadataBytes);
      if (tooLarge !== undefined) {
        plan.errors.push({
          line,
          path: '',
          message: `the command makes an event of ${formatCount(tooLarge)} bytes; the store takes at most ${formatCount(DEFAULT_MAX_EVENT_BYTES)}`,
          code: 'INVALID_STORE_INPUT',
        });
        return;
      }
      context.plan(decision);
      plan.accepted.push(index);
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      plan.errors.push({ line, path: error.where ?? '', message: error.message, code: error.code });
    }
  });
  return plan;
}

/** Bytes of the first event over the store's limit, measured as the store measures it. */
function oversizedEvent(decision: Decision, metadataBytes: number): number | undefined {
  for (const event of decision.events) {
    const { type: _, ...data } = event;
    const bytes = Buffer.byteLength(JSON.stringify(data)) + metadataBytes;
    if (bytes > DEFAULT_MAX_EVENT_BYTES) return bytes;
  }
  return undefined;
}
