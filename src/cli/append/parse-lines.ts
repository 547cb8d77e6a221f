import type { Command } from '../../domain/commands.js';
import { ValidationError } from '../../domain/errors.js';
import { parseCommand } from '../../domain/parse-command.js';
import type { LineError } from './line-error.js';
import type { RawLine } from './read-lines.js';

/** The commands of a file that fit the interchange format, and what is wrong with the rest. */
export interface ParsedLines {
  commands: Command[];
  /** Input line of each command, index for index. */
  lines: number[];
  errors: LineError[];
}

/**
 * Pass 1: every line on its own — JSON, then the schema of its command type. Blank lines are
 * skipped; every problem of every line is kept, so one run shows all of them.
 */
export async function parseLines(input: AsyncIterable<RawLine>): Promise<ParsedLines> {
  const parsed: ParsedLines = { commands: [], lines: [], errors: [] };
  for await (const raw of input) {
    if ('error' in raw) {
      parsed.errors.push({ line: raw.line, path: '', message: raw.error, code: 'MALFORMED_JSON' });
      continue;
    }
    if (raw.text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw.text);
    } catch (error) {
      parsed.errors.push({ line: raw.line, path: '', message: `invalid JSON: ${(error as Error).message}`, code: 'MALFORMED_JSON' });
      continue;
    }
    try {
      parsed.commands.push(parseCommand(json, raw.line));
      parsed.lines.push(raw.line);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const seen = new Set<string>();
      for (const issue of error.issues) {
        // The schema can name one problem twice (a refinement run per union branch).
        const key = `${issue.path}\u0000${issue.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        parsed.errors.push({ line: raw.line, path: issue.path, message: issue.message, code: error.code });
      }
    }
  }
  return parsed;
}
