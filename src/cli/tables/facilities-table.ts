import type { FacilityView } from '../../../projections/facility-assignments.js';
import { heading, makeTable } from '../format/table.js';
import { formatValue } from '../format/value.js';
import { asOfLine, type AsOfBody } from './as-of-line.js';
import { nextPageLine } from './next-page-line.js';
import { RESOLVED_HEAD, resolvedRows } from './resolved-rows.js';

/** `query facilities`: each facility with the transfers assigned to it and who said so. */
export function facilitiesTable(body: { asOf: AsOfBody; facilities: FacilityView[]; next?: string | null }): string {
  const sections = [asOfLine(body.asOf)];
  if (body.facilities.length === 0) sections.push('No facilities.');
  for (const facility of body.facilities) sections.push(facilitySection(facility));
  const next = nextPageLine('facilities', body);
  if (next) sections.push(next);
  return `${sections.join('\n\n')}\n`;
}

function facilitySection(f: FacilityView): string {
  const table = makeTable(RESOLVED_HEAD);
  if (f.name) table.push(...resolvedRows('facility.name', f.name));
  if (f.location) table.push(...resolvedRows('facility.location', f.location));
  for (const t of f.transfers) {
    table.push(...resolvedRows(`assigned: ${t.transfer}`, t.assignment));
    if (t.quantity) table.push(...resolvedRows(`  detainees from ${t.transfer}`, t.quantity));
  }
  const name = f.name ? ` — ${formatValue(f.name.value)}` : '';
  const aliases = f.aliases.length > 0 ? ` (also known as ${f.aliases.join(', ')})` : '';
  const transfers = f.transfers.length === 0 ? ['No transfers assigned.'] : [];
  return [heading(`${f.subject}${name}${aliases}`), table.toString(), ...transfers, `Sources: ${f.sources.join(', ') || 'none'}`].join('\n');
}
