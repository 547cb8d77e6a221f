import { stringify } from 'csv-stringify/sync';
import { amendmentOf, type LedgerState } from '../../../projections/ledger-state.js';
import type { Output } from '../output.js';

export const CSV_COLUMNS = [
  'claimId',
  'subject',
  'property',
  'value',
  'hedge',
  'source',
  'report',
  'position',
  'recordedAt',
  'actor',
  'amends',
  'retractedBy',
  'quote',
] as const;

const ROWS_PER_WRITE = 1_000;
/** Leading characters that make a spreadsheet evaluate a cell (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One row per claim (amendments included), in log order. `value` is the claimed JSON.
 * A text cell that a spreadsheet would run as a formula gets a leading apostrophe: a claim's
 * quote comes from outside and is opened by people in Excel.
 */
export async function exportCsv(state: LedgerState, out: Output): Promise<number> {
  let rows: string[][] = [];
  let first = true;
  let exported = 0;
  const flush = async () => {
    await out.write(stringify(first ? [[...CSV_COLUMNS], ...rows] : rows));
    first = false;
    rows = [];
  };
  for (const claim of state.claims.values()) {
    const { event } = claim;
    rows.push(
      [
        event.claimId,
        event.subject,
        event.property,
        JSON.stringify(event.value),
        event.hedge,
        event.sourceId,
        event.reportId,
        String(claim.position),
        claim.recordedAt.toISOString(),
        claim.actor,
        amendmentOf(claim)?.amends ?? '',
        claim.retraction?.event.retractionId ?? '',
        event.quote ?? '',
      ].map(neutralise),
    );
    exported += 1;
    if (rows.length >= ROWS_PER_WRITE) await flush();
  }
  if (rows.length > 0 || first) await flush();
  return exported;
}

function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
