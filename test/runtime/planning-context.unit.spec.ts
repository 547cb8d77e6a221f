import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../../src/domain/commands.js';
import { decide } from '../../src/domain/decide.js';
import { DomainRuleError } from '../../src/domain/errors.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { amendClaim, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';
import type { PlanningContext } from '../../src/runtime/planning-context.js';

const T1 = 'transfer:t1';

/** Decides and plans commands one after another in one context, as a batch is checked. */
function planAll(context: PlanningContext, commands: CommandInput[]): void {
  for (const command of commands) context.plan(decide(parseCommand(command), context));
}

function refusal(context: PlanningContext, command: CommandInput): DomainRuleError {
  try {
    decide(parseCommand(command), context);
  } catch (error) {
    if (error instanceof DomainRuleError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

describe('PlanningContext: a batch sees the decisions planned before it', () => {
  const recorded = () => logOf(registerSource('s1'), recordReport('r1'), assertClaim('c1', T1, 'detainees.count', exact(150)));

  it('cites a source registered earlier in the same batch', () => {
    const context = logOf().context();
    planAll(context, [registerSource('s1'), recordReport('r1')]);
    expect(decide(parseCommand(assertClaim('c1', T1, 'status', 'completed')), context).events).toHaveLength(1);
  });

  it('refuses a second amendment of a claim amended earlier in the batch', () => {
    const context = recorded().context();
    planAll(context, [amendClaim('c2', 'c1', exact(152))]);
    expect(refusal(context, amendClaim('c3', 'c1', exact(153)))).toMatchObject({ code: 'CLAIM_ALREADY_AMENDED' });
  });

  it('allows amending again after the amendment is retracted in the same batch', () => {
    const context = recorded().context();
    planAll(context, [amendClaim('c2', 'c1', exact(152)), retractClaim('x1', 'c2')]);
    expect(decide(parseCommand(amendClaim('c3', 'c1', exact(153))), context).events).toHaveLength(1);
  });

  it('refuses amending past a standing later link when a middle link is retracted in the batch', () => {
    const context = recorded().context();
    planAll(context, [amendClaim('c2', 'c1', exact(152)), amendClaim('c3', 'c2', exact(153)), retractClaim('x1', 'c2')]);
    const error = refusal(context, amendClaim('c4', 'c1', exact(154)));
    expect(error.code).toBe('CLAIM_ALREADY_AMENDED');
    expect(error.message).toContain('"c3"');
  });

  it('sees a retraction planned down the chain from a claim read before it', () => {
    // c1 → c2 → c3 recorded; the batch retracts c2 then c3: c1 is the newest standing link again.
    const log = recorded().record(amendClaim('c2', 'c1', exact(152)), amendClaim('c3', 'c2', exact(153)));
    const context = log.context();
    planAll(context, [retractClaim('x1', 'c2')]);
    expect(context.claim('c1')?.standingAmendments).toEqual(['c3']);
    planAll(context, [retractClaim('x2', 'c3')]);
    expect(context.claim('c1')?.standingAmendments).toEqual([]);
    expect(decide(parseCommand(amendClaim('c4', 'c1', exact(154))), context).events).toHaveLength(1);
  });

  it('advances the expected revision of a stream for each planned event', () => {
    const context = recorded().context();
    const first = decide(parseCommand(assertClaim('c2', T1, 'status', 'completed')), context);
    context.plan(first);
    const second = decide(parseCommand(assertClaim('c3', T1, 'origin', 'Syria')), context);
    expect([first.expectedRevision, second.expectedRevision]).toEqual([0n, 1n]);
  });
});
