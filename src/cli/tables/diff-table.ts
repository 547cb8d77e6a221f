import type { LedgerDiff } from '../../../projections/diff.js';
import { heading, makeTable } from '../format/table.js';
import { eventCell } from './history-table.js';
import { resolvedCell } from './resolved-rows.js';

/** `diff`: the resolved values that changed between two points, and the events that did it. */
export function diffTable(body: LedgerDiff): string {
  const title = heading(`Changes from position ${body.from} to position ${body.to}`);
  // Pinned to the positions this page was cut at, as the list views' next pages are.
  const next = body.next === undefined || body.next === null ? '' : `\nMore changes follow: --after ${body.next} --from ${body.from} --to ${body.to}\n`;
  if (body.changes.length === 0) return `${title}\n${body.next === undefined ? 'Nothing changed.' : 'Nothing changed on this page.'}\n`;
  const table = makeTable(['subject', 'property', 'before', 'after', 'changed by'], true);
  for (const change of body.changes) {
    table.push([
      change.subject,
      change.key,
      resolvedCell(change.before),
      resolvedCell(change.after),
      change.events.map((e) => `at ${e.position}: ${eventCell({ ...e, reason: undefined })}`).join('\n'),
    ]);
  }
  return `${title}\n${table.toString()}\n${next}`;
}
