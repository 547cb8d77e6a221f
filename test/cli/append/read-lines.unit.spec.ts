import { describe, expect, it } from 'vitest';
import { readLines, type RawLine } from '../../../src/cli/append/read-lines.js';

async function lines(chunks: (string | Buffer)[], maxLineBytes?: number): Promise<RawLine[]> {
  const found: RawLine[] = [];
  for await (const line of readLines((async function* () { yield* chunks; })(), maxLineBytes === undefined ? {} : { maxLineBytes })) {
    found.push(line);
  }
  return found;
}

describe('readLines', () => {
  it('numbers lines across chunk boundaries, with or without a final newline', async () => {
    expect(await lines(['{"a"', ':1}\n{"b":2}\r\n', '\nlast'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
      { line: 3, text: '' },
      { line: 4, text: 'last' },
    ]);
  });

  it('drops a byte-order mark at the start of the file only', async () => {
    expect(await lines(['\uFEFF{}\n\uFEFF{}\n'])).toEqual([
      { line: 1, text: '{}' },
      { line: 2, text: '\uFEFF{}' },
    ]);
  });

  it('keeps multi-byte characters split between chunks', async () => {
    const bytes = Buffer.from('"Shia’ al-Sudani"\n');
    const cut = bytes.indexOf(0x80);
    expect(await lines([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([{ line: 1, text: '"Shia’ al-Sudani"' }]);
  });

  it('reports invalid UTF-8 and over-long lines by number instead of reading them', async () => {
    const found = await lines([Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a]), 'x'.repeat(20), '\n{}\n'], 10);
    expect(found).toEqual([
      { line: 1, error: 'invalid UTF-8: the file must be UTF-8 text' },
      { line: 2, error: 'line is longer than 10 bytes' },
      { line: 3, text: '{}' },
    ]);
  });
});
