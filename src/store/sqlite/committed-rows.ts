import type { PreparedAppend } from '../validate-input.js';
import type { StoredEventRow } from './statements.js';
import type { AppendOutcome } from './write-batch.js';

/**
 * The rows a committed batch added, in log order, as a read of them would return them. An
 * append that wrote its events reports its last position and revision and the time it
 * recorded; its events took the positions and revisions just before those, in order. Appends
 * that failed or were idempotent retries added none, and took no position: the rows of one
 * batch are consecutive.
 */
export function committedRows(appends: readonly PreparedAppend[], outcomes: readonly AppendOutcome[]): StoredEventRow[] {
  const rows: StoredEventRow[] = [];
  appends.forEach(({ streamName, events }, i) => {
    const outcome = outcomes[i];
    if (!outcome?.ok || outcome.created === undefined) return;
    const { created } = outcome;
    const count = BigInt(events.length);
    const firstPosition = outcome.result.position - count + 1n;
    const firstRevision = outcome.result.nextExpectedRevision - count + 1n;
    events.forEach(({ id, type, dataJson, metadataJson }, j) => {
      const offset = BigInt(j);
      rows.push([firstPosition + offset, streamName, firstRevision + offset, id, type, dataJson, metadataJson, created]);
    });
  });
  return rows;
}
