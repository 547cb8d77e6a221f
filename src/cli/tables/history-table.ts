import type { SubjectHistory, HistoryEntry } from '../../../projections/claim-history.js';
import { heading, makeTable } from '../format/table.js';
import { formatValue } from '../format/value.js';
import { asOfLine, formatTime, type AsOfBody } from './as-of-line.js';
import { nextPageLine } from './next-page-line.js';
import { resolvedCell } from './resolved-rows.js';

/** `history`: per property, every claim, amendment and retraction, and what stood after it. */
export function historyTable(body: SubjectHistory & { asOf: AsOfBody }): string {
  const title = body.aliases.length > 0 ? `${body.subject} (also known as ${body.aliases.join(', ')})` : body.subject;
  const sections = [asOfLine(body.asOf)];
  const keys = Object.keys(body.properties);
  // A page (`next` present) can be empty after the last step; a whole history only for a property.
  if (keys.length === 0) sections.push(`No claims about ${title} ${body.next === undefined ? 'for that property' : 'on this page'}.`);
  for (const key of keys) {
    const table = makeTable(['pos', 'recorded', 'by', 'event', 'source', 'hedge', 'value', 'resolved after'], true);
    for (const entry of body.properties[key]!) table.push(row(entry));
    sections.push([heading(`${title} · ${key}`), table.toString()].join('\n'));
  }
  const next = nextPageLine('steps', body);
  if (next) sections.push(next);
  return `${sections.join('\n\n')}\n`;
}

function row(entry: HistoryEntry): string[] {
  return [
    String(entry.position),
    formatTime(entry.recordedAt),
    entry.actor,
    eventCell(entry),
    entry.sourceId ?? '',
    entry.hedge ?? '',
    entry.event === 'ClaimAsserted' || entry.event === 'ClaimAmended' ? formatValue(entry.value) : '',
    resolvedCell(entry.resolvedAfter),
  ];
}

/** What the event did, e.g. `c2 amends c1`, with the reason given on a second line. */
export function eventCell(entry: HistoryEntry): string {
  const reason = entry.reason ? `\n"${formatValue(entry.reason)}"` : '';
  switch (entry.event) {
    case 'ClaimAsserted':
      return `asserted ${entry.claimId}`;
    case 'ClaimAmended':
      return `${entry.claimId} amends ${entry.amends}${reason}`;
    case 'ClaimRetracted':
      return `${entry.retractionId} retracts ${entry.claimId}${entry.reasonCode ? ` (${entry.reasonCode})` : ''}${reason}`;
    case 'SubjectAliased':
      return `${entry.alias} aliased to ${entry.canonical}`;
  }
}
