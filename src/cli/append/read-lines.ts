/** One line of an NDJSON input: its text, or why it could not be read as text. */
export type RawLine = { line: number; text: string } | { line: number; error: string };

export interface ReadLinesOptions {
  /** Longer lines are reported, not held in memory. @defaultValue 4 MiB */
  maxLineBytes?: number;
  /** Called with the bytes consumed so far, for a progress bar. */
  onBytes?: (bytes: number) => void;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BOM = '\uFEFF';
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * Splits a byte stream into numbered lines. Not `readline`: it would silently turn invalid
 * UTF-8 into U+FFFD (changing what was claimed) and hold a line of any length in memory;
 * here both are reported against their line number instead.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>, options: ReadLinesOptions = {}): AsyncGenerator<RawLine> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // ignoreBOM keeps a BOM in the text: only the file's first line may start with one.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = false;
  let line = 0;
  let consumed = 0;

  const finish = (): RawLine => {
    line += 1;
    if (overflow) return { line, error: `line is longer than ${maxLineBytes.toLocaleString('en-US')} bytes` };
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, bytes.length - 1);
    try {
      const text = decoder.decode(bytes);
      return { line, text: line === 1 && text.startsWith(BOM) ? text.slice(1) : text };
    } catch {
      return { line, error: 'invalid UTF-8: the file must be UTF-8 text' };
    }
  };
  const take = (bytes: Buffer) => {
    if (overflow) return;
    if (length + bytes.length > maxLineBytes) {
      overflow = true;
      parts = [];
      return;
    }
    parts.push(bytes);
    length += bytes.length;
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      take(buffer.subarray(start, end));
      yield finish();
      parts = [];
      length = 0;
      overflow = false;
      start = end + 1;
    }
    if (start < buffer.length) take(buffer.subarray(start));
    consumed += buffer.length;
    options.onBytes?.(consumed);
  }
  if (length > 0 || overflow) yield finish();
}
