import type { CommandInput } from '../../domain/commands.js';
import type { LedgerEvent } from '../../domain/events.js';

/**
 * The interchange-format command that records `event`: appending it to an empty ledger
 * yields the same event. Amendments and retractions drop the subject and property the event
 * copied from their target, since the command names only the target.
 */
export function commandOfEvent(event: LedgerEvent): CommandInput {
  switch (event.type) {
    case 'SourceRegistered': {
      const { type: _, ...fields } = event;
      return { type: 'RegisterSource', ...fields };
    }
    case 'ReportRecorded': {
      const { type: _, ...fields } = event;
      return { type: 'RecordReport', ...fields };
    }
    case 'ClaimAsserted': {
      const { type: _, ...fields } = event;
      return { type: 'AssertClaim', ...fields };
    }
    case 'ClaimAmended': {
      const { type: _, subject: _s, property: _p, ...fields } = event;
      return { type: 'AmendClaim', ...fields };
    }
    case 'ClaimRetracted': {
      const { type: _, subject: _s, property: _p, ...fields } = event;
      return { type: 'RetractClaim', ...fields };
    }
    case 'SubjectAliased': {
      const { type: _, ...fields } = event;
      return { type: 'AliasSubject', ...fields };
    }
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
