import type { CountsView } from '../../../projections/counts.js';
import { plural } from '../format/numbers.js';
import { heading, makeTable } from '../format/table.js';
import { describeInterval, formatInterval } from '../format/value.js';
import { asOfLine, type AsOfBody } from './as-of-line.js';
import { RESOLVED_HEAD, resolvedRows } from './resolved-rows.js';

/** `query counts`: totals by interval arithmetic, the planned total, and consistency checks. */
export function countsTable(body: CountsView & { asOf: AsOfBody }): string {
  const totals = makeTable(RESOLVED_HEAD);
  const cap = body.planned ? ', capped by the planned total' : '';
  totals.push([
    'total detainees',
    describeInterval(body.total.interval),
    formatInterval(body.total.interval),
    '(computed)',
    `sum of ${plural(body.total.transfers, 'transfer')}${cap}`,
    '',
  ]);
  for (const [group, { interval }] of Object.entries(body.byGroup)) {
    totals.push([`  group ${group}`, describeInterval(interval), formatInterval(interval), '(computed)', `sum over transfers${cap}`, '']);
  }
  if (body.planned) totals.push(...resolvedRows('planned.total', body.planned));
  const plannedNote = body.planned ? [`The planned total is claimed about ${body.plannedBy}.`] : [];

  const sections = [asOfLine(body.asOf), [heading('Totals'), totals.toString(), ...plannedNote].join('\n')];
  if (body.checks.length > 0) {
    const checks = makeTable(['check', 'subject', 'ok', 'detail']);
    for (const check of body.checks) checks.push([check.name, check.subject, check.ok ? 'yes' : 'NO', check.detail]);
    sections.push([heading('Consistency checks'), checks.toString()].join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}
