import colors from '@colors/colors/safe.js';
import Table from 'cli-table3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextTable } from '../../src/cli/format/text-table.js';

/**
 * The CLI's tables were drawn by cli-table3 until its per-row cost made large views slow
 * (see TextTable). Its output, with the options the CLI used, is the reference: every table
 * must come out byte for byte as it did.
 */
function drawnByCliTable3(head: readonly string[], rows: readonly (readonly string[])[], ruled: boolean, colour: boolean): string {
  const table = new Table({
    head: [...head],
    style: { head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [], compact: !ruled },
  });
  table.push(...rows.map((row) => [...row]));
  return table.toString();
}

// Narrow and wide characters, a dash and signs the tables print, and line breaks.
const character = fc.constantFrom('a', 'Z', '7', ' ', '.', 'é', 'ß', '–', '∞', '↳', '·', '日', '本', '\n');
const cell = fc.string({ unit: character, maxLength: 12 });

const table = fc.integer({ min: 1, max: 6 }).chain((columns) =>
  fc.record({
    head: fc.array(cell, { minLength: columns, maxLength: columns }),
    rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 8 }),
    ruled: fc.boolean(),
  }),
);

describe('TextTable', () => {
  it('draws every table as cli-table3 drew it', () => {
    fc.assert(
      fc.property(table, ({ head, rows, ruled }) => {
        const drawn = new TextTable(head, { ruled });
        drawn.push(...rows);
        expect(drawn.toString()).toBe(drawnByCliTable3(head, rows, ruled, false));
      }),
      { numRuns: 500, seed: 20261127 },
    );
  });

  describe('in colour', () => {
    beforeAll(() => colors.enable());
    afterAll(() => colors.disable());

    it('colours the header and the borders as cli-table3 did', () => {
      fc.assert(
        fc.property(table, ({ head, rows, ruled }) => {
          const drawn = new TextTable(head, { ruled, colour: true });
          drawn.push(...rows);
          expect(drawn.toString()).toBe(drawnByCliTable3(head, rows, ruled, true));
        }),
        { numRuns: 200, seed: 20261128 },
      );
    });
  });

  it('draws the rows a CLI view prints, wide text aligned by the columns it takes', () => {
    const drawn = new TextTable(['property', 'value']);
    drawn.push(['origin', '日本'], ['destination', 'Iraq']);
    expect(drawn.toString().split('\n')).toEqual([
      '┌─────────────┬───────┐',
      '│ property    │ value │',
      '├─────────────┼───────┤',
      '│ origin      │ 日本  │',
      '│ destination │ Iraq  │',
      '└─────────────┴───────┘',
    ]);
  });

  it('refuses a table without columns, and a row that does not fill the header', () => {
    expect(() => new TextTable([])).toThrow('a table needs at least one column');
    const drawn = new TextTable(['a', 'b']);
    expect(() => drawn.push(['only one'])).toThrow('a row of 1 cells in a table of 2 columns');
  });
});
