import { CommanderError } from 'commander';
import { ExitStatus } from './cli-error.js';
import { createProgram } from './program.js';
import { reportError } from './report-error.js';

const NOT_AN_ERROR = new Set(['commander.helpDisplayed', 'commander.version']);
const USAGE_EXIT = 2;

/** Runs the CLI on `argv` and returns the exit status; errors are written to stderr. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    // Commander has already printed its own message (unknown command, missing argument…).
    if (error instanceof CommanderError) return NOT_AN_ERROR.has(error.code) ? 0 : USAGE_EXIT;
    if (error instanceof ExitStatus) return error.exitCode;
    const report = reportError(error);
    for (const line of report.lines) process.stderr.write(`${line}\n`);
    return report.exitCode;
  }
}
