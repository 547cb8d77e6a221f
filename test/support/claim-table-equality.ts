import { expect } from 'vitest';
import { ClaimTable } from '../../projections/claim-table.js';

/**
 * A claim table keeps its rows in private fields, which `toEqual` does not see: without this,
 * two states with different claims would compare equal. Tables are equal when every row makes
 * the same record and has the same event indexes (what the as-of tests read).
 */
expect.addEqualityTesters([
  function claimTablesEqual(a: unknown, b: unknown, customTesters) {
    if (!(a instanceof ClaimTable) || !(b instanceof ClaimTable)) return undefined;
    return this.equals(rowsOf(a), rowsOf(b), customTesters);
  },
]);

function rowsOf(table: ClaimTable): unknown[] {
  const rows: unknown[] = [];
  for (let row = 0; row < table.size; row += 1) {
    rows.push({ record: table.recordAt(row), ordinal: table.ordinalOf(row), retracted: table.retractionOrdinalOf(row) });
  }
  return rows;
}
