import type { AsOf } from '../../projections/as-of.js';
import { NotFoundError } from '../../src/domain/errors.js';
import { countsBody, facilitiesBody, historyBody, transfersBody } from '../../src/runtime/read-models.js';
import { asJson } from './as-json.js';

/** The JSON bodies of every read view as of `view`, histories by subject: what a client sees. */
export function bodiesAt(view: AsOf, subjects: readonly string[]): Record<string, unknown> {
  const histories: Record<string, unknown> = {};
  for (const subject of subjects) histories[subject] = historyOrMissing(view, subject);
  return asJson({
    transfers: transfersBody(view),
    counts: countsBody(view),
    facilities: facilitiesBody(view),
    histories,
  }) as Record<string, unknown>;
}

function historyOrMissing(view: AsOf, subject: string): unknown {
  try {
    return historyBody(view, subject);
  } catch (error) {
    if (error instanceof NotFoundError) return 'no claims';
    throw error;
  }
}

/** Drops the keys that say where and when in the log (`asOf`, `position`, `recordedAt`), keeping what was resolved. */
export function withoutLogCoordinates(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(withoutLogCoordinates);
  if (body === null || typeof body !== 'object') return body;
  return Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => key !== 'asOf' && key !== 'position' && key !== 'recordedAt')
      .map(([key, value]) => [key, withoutLogCoordinates(value)]),
  );
}
