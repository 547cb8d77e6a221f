import { ValidationError } from '../domain/errors.js';
import { positionAtTime, type LedgerState } from '../../projections/ledger-state.js';

/**
 * Reads an as-of bound as users write it: a log position (`42`) or an ISO 8601 time
 * (`2026-11-24T10:00:00Z`), meaning the last event recorded at or before it.
 */
export function positionOfAsOf(state: LedgerState, asOf: string | undefined, field = 'asOf'): bigint {
  if (asOf === undefined || asOf === '') return state.position;
  if (/^\d{1,19}$/.test(asOf)) {
    const position = BigInt(asOf);
    return position < state.position ? position : state.position;
  }
  const time = Date.parse(asOf);
  if (!/^\d{4}-\d{2}-\d{2}/.test(asOf) || Number.isNaN(time)) {
    throw new ValidationError([
      { path: field, message: `"${asOf.slice(0, 64)}" is neither a log position nor an ISO 8601 time` },
    ]);
  }
  return positionAtTime(state, new Date(time));
}
