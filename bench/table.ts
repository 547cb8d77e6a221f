import Table from 'cli-table3';
import type { Row } from './report.js';

/** How the table and the README show a row's figures. */
const HEADERS = ['workload', 'log/load', 'unit', 'project', 'peer', 'ceiling', '× peer', '× ceiling', 'target', 'met'];

function figure(x: number | null): string {
  if (x === null) return '—';
  return x >= 1000 ? Math.round(x).toLocaleString('en-US') : String(x);
}

function ratio(x: number | null): string {
  return x === null ? '—' : `${x}×`;
}

function cells(row: Row): string[] {
  return [
    row.workload,
    row.events === undefined ? '—' : row.events.toLocaleString('en-US'),
    row.unit,
    figure(row.project),
    figure(row.peer),
    figure(row.ceiling),
    ratio(row.ratios.vsPeer),
    ratio(row.ratios.vsCeiling),
    row.target,
    row.met ? 'yes' : 'NO',
  ];
}

/** The table for the terminal, followed by each row's notes. */
export function terminalTable(rows: readonly Row[]): string {
  const table = new Table({ head: HEADERS, wordWrap: true, colWidths: [34, 11, 9, 10, 9, 10, 8, 9, 18, 5] });
  for (const row of rows) table.push(cells(row));
  return `${table.toString()}\n${notes(rows)}`;
}

/** The same table in Markdown, for the README's Performance section. */
export function markdownTable(rows: readonly Row[]): string {
  const line = (values: readonly string[]) => `| ${values.map((v) => v.replace(/\|/g, '\\|')).join(' | ')} |`;
  const body = rows.map((row) => line(cells(row)));
  return [line(HEADERS), line(HEADERS.map(() => '---')), ...body, '', notes(rows)].join('\n');
}

function notes(rows: readonly Row[]): string {
  return rows
    .map((row, i) => (row.notes ? `${i + 1}. ${row.workload}: ${row.notes}` : undefined))
    .filter((note) => note !== undefined)
    .join('\n');
}
