import stringWidth from 'string-width';

export interface TextTableOptions {
  /** A rule between every two rows, not only under the header. @defaultValue false */
  ruled?: boolean;
  /** The header in cyan and the borders in grey (ANSI). @defaultValue false */
  colour?: boolean;
}

const CYAN = ['\u001b[36m', '\u001b[39m'] as const;
const GREY = ['\u001b[90m', '\u001b[39m'] as const;

/** A horizontal rule's corner characters: left end, between two columns, right end. */
interface Rule {
  left: string;
  cross: string;
  right: string;
}
const TOP: Rule = { left: '┌', cross: '┬', right: '┐' };
const MIDDLE: Rule = { left: '├', cross: '┼', right: '┤' };
const BOTTOM: Rule = { left: '└', cross: '┴', right: '┘' };

/**
 * A boxed table of text, drawn exactly as cli-table3 draws one with its defaults (a space of
 * padding either side of a cell, left-aligned, no wrapping), which this replaced: cli-table3
 * lays cells out for row and column spans, which the CLI never uses, at ~115 µs a row and
 * quadratically in a table's rows, so that `ledger query transfers` on a 100,000-event log
 * spent ~13 of its 15.4 s drawing tables. Widths are terminal columns (`string-width`: wide
 * CJK characters and emoji take two, ANSI codes none); a cell may hold several lines.
 */
export class TextTable {
  readonly #head: readonly string[];
  readonly #rows: (readonly string[])[] = [];
  readonly #ruled: boolean;
  readonly #colour: boolean;

  constructor(head: readonly string[], { ruled = false, colour = false }: TextTableOptions = {}) {
    if (head.length === 0) throw new Error('a table needs at least one column');
    this.#head = head;
    this.#ruled = ruled;
    this.#colour = colour;
  }

  /** Adds rows; each has one cell per column of the header. */
  push(...rows: (readonly string[])[]): void {
    for (const row of rows) {
      if (row.length !== this.#head.length) {
        throw new Error(`a row of ${row.length} cells in a table of ${this.#head.length} columns`);
      }
      this.#rows.push(row);
    }
  }

  toString(): string {
    const rows = [this.#head, ...this.#rows].map((row) => row.map(cellLines));
    const widths = this.#head.map((_, column) => rows.reduce((widest, row) => Math.max(widest, row[column]!.widest), 0));
    const out: string[] = [this.#rule(TOP, widths)];
    rows.forEach((row, index) => {
      if (index === 1 || (index > 1 && this.#ruled)) out.push(this.#rule(MIDDLE, widths));
      const height = Math.max(...row.map((cell) => cell.lines.length));
      for (let line = 0; line < height; line += 1) out.push(this.#line(row, line, widths, index === 0));
    });
    out.push(this.#rule(BOTTOM, widths));
    return out.join('\n');
  }

  /** One rule; each column's stretch is coloured on its own, as cli-table3 colours a cell's border. */
  #rule({ left, cross, right }: Rule, widths: readonly number[]): string {
    const last = widths.length - 1;
    return widths
      .map((width, column) => this.#paint(GREY, `${column === 0 ? left : cross}${'─'.repeat(width + 2)}${column === last ? right : ''}`))
      .join('');
  }

  /** One line of text across a row: a cell with fewer lines is blank below them. */
  #line(row: readonly CellLines[], line: number, widths: readonly number[], isHead: boolean): string {
    const last = widths.length - 1;
    return row
      .map(({ lines, lineWidths }, column) => {
        const text = lines[line] ?? '';
        const padded = ` ${text}${' '.repeat(widths[column]! - (lineWidths[line] ?? 0))} `;
        const right = column === last ? this.#paint(GREY, '│') : '';
        return `${this.#paint(GREY, '│')}${isHead ? this.#paint(CYAN, padded) : padded}${right}`;
      })
      .join('');
  }

  #paint([open, close]: readonly [string, string], text: string): string {
    return this.#colour ? `${open}${text}${close}` : text;
  }
}

/** A cell's lines and the terminal columns each takes, measured once. */
interface CellLines {
  lines: string[];
  lineWidths: number[];
  widest: number;
}

function cellLines(cell: string): CellLines {
  const lines = cell.split('\n');
  const lineWidths = lines.map(columnsOf);
  return { lines, lineWidths, widest: Math.max(...lineWidths) };
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Widths of other text already measured; cleared when full. */
const measured = new Map<string, number>();
const MAX_MEASURED = 10_000;

/**
 * The terminal columns a line of text takes. `string-width` segments text into graphemes,
 * ~1.5 µs a cell, and the views repeat a few non-ASCII cells on many rows (`↳ also claimed`,
 * intervals ending in `∞`): measured once each, and printable ASCII not at all.
 */
function columnsOf(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = measured.get(text);
  if (width === undefined) {
    if (measured.size >= MAX_MEASURED) measured.clear();
    measured.set(text, (width = stringWidth(text)));
  }
  return width;
}
