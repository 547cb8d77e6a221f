import type { Command } from '../domain/commands.js';
import { ValidationError } from '../domain/errors.js';
import { parseCommand } from '../domain/parse-command.js';
import type { IndexedIssues } from './errors.js';

export interface ParsedCommands {
  /** The commands that fit the interchange format, in body order. */
  commands: Command[];
  /** Body index of each entry of `commands`. */
  indices: number[];
  /** Elements that do not fit, with their issues. */
  invalid: IndexedIssues[];
  /** The body was one object rather than an array. */
  single: boolean;
}

/** At most this many commands in one POST; larger loads belong in `ledger append`. */
export const MAX_COMMANDS_PER_REQUEST = 10_000;

/**
 * Validates a POST /commands body (one command or an array of them) with the domain's own
 * parser, element by element, so each bad element is reported with its index.
 */
export function parseCommandsBody(body: unknown): ParsedCommands {
  const single = !Array.isArray(body);
  if (single) {
    if (body === null || typeof body !== 'object') {
      throw new ValidationError([{ path: '', message: 'the body must be a command object or an array of commands' }]);
    }
    return { commands: [parseCommand(body)], indices: [0], invalid: [], single };
  }
  const elements = body as unknown[];
  if (elements.length === 0) throw new ValidationError([{ path: '', message: 'the array holds no command' }]);
  if (elements.length > MAX_COMMANDS_PER_REQUEST) {
    throw new ValidationError([{ path: '', message: `at most ${MAX_COMMANDS_PER_REQUEST} commands per request` }]);
  }
  const parsed: ParsedCommands = { commands: [], indices: [], invalid: [], single };
  elements.forEach((element, index) => {
    try {
      parsed.commands.push(parseCommand(element));
      parsed.indices.push(index);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      parsed.invalid.push({ index, issues: error.issues });
    }
  });
  return parsed;
}
