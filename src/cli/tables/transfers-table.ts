import type { TransferView } from '../../../projections/transfers.js';
import { heading, makeTable } from '../format/table.js';
import { asOfLine, type AsOfBody } from './as-of-line.js';
import { nextPageLine } from './next-page-line.js';
import { RESOLVED_HEAD, resolvedRows } from './resolved-rows.js';

/** `query transfers`: one table per transfer, the detainee count always shown. */
export function transfersTable(body: { asOf: AsOfBody; transfers: TransferView[]; next?: string | null }): string {
  const sections = [asOfLine(body.asOf)];
  if (body.transfers.length === 0) sections.push('No transfers.');
  for (const transfer of body.transfers) sections.push(transferSection(transfer));
  const next = nextPageLine('transfers', body);
  if (next) sections.push(next);
  return `${sections.join('\n\n')}\n`;
}

function transferSection(t: TransferView): string {
  const table = makeTable(RESOLVED_HEAD);
  const rows: string[][] = [];
  const add = (label: string, resolved: TransferView['count']) => {
    if (resolved) rows.push(...resolvedRows(label, resolved));
  };
  add('status', t.status);
  rows.push(...resolvedRows('detainees.count', t.count));
  for (const [group, resolved] of Object.entries(t.byGroup)) add(`detainees.byGroup.${group}`, resolved);
  add('origin', t.origin);
  add('destination', t.destination);
  add('transport', t.transport);
  add('detainees.origins', t.origins);
  add('detainees.profile', t.profile);
  for (const facility of t.facilities) {
    add('facility.assignment', facility.assignment);
    if (facility.quantity) add(`  detainees at ${facility.facility}`, facility.quantity);
  }
  for (const [key, resolved] of Object.entries(t.other)) add(key, resolved);
  table.push(...rows);
  const title = t.aliases.length > 0 ? `${t.subject} (also known as ${t.aliases.join(', ')})` : t.subject;
  const notes = [
    t.conflicts.length > 0 ? `Conflicting claims on: ${t.conflicts.join(', ')}` : '',
    `Sources: ${t.sources.join(', ') || 'none'}`,
  ].filter(Boolean);
  return [heading(title), table.toString(), ...notes].join('\n');
}
