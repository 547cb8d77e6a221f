import { TextTable } from './text-table.js';

/** Colour only for a person at a terminal who has not asked for none (NO_COLOR). */
function useColour(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
}

/**
 * A table with the given header. Rows are not ruled apart unless cells span several lines
 * (`ruled`), which keeps one-line tables half as tall.
 */
export function makeTable(head: readonly string[], ruled = false): TextTable {
  return new TextTable(head, { ruled, colour: useColour() });
}

/** A section title, underlined, so several tables in one output stay apart. */
export function heading(text: string): string {
  return `${text}\n${'─'.repeat(Math.min(text.length, 100))}`;
}
