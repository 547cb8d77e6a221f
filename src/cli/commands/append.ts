import { Command } from 'commander';
import { errorRow } from '../../api/error-table.js';
import { stringifyJson } from '../../runtime/json.js';
import { formatLineError } from '../append/line-error.js';
import { loadNdjson, type LoadResult } from '../append/load-ndjson.js';
import { DEFAULT_CHUNK_SIZE } from '../append/append-chunks.js';
import { ExitStatus } from '../cli-error.js';
import { actorOf, checkpointOf, storeOf, withLedger, type GlobalOptions } from '../context.js';
import { openInput } from '../input-file.js';
import { formatCount, plural } from '../format/numbers.js';
import { positiveInteger } from '../options.js';
import { reportError } from '../report-error.js';

interface AppendOptions extends GlobalOptions {
  partial?: boolean;
  json?: boolean;
  batchSize: number;
}

export function appendCommand(): Command {
  return new Command('append')
    .description('append interchange-format commands (NDJSON, one a line) from FILE, or stdin for -')
    .argument('<file>', 'NDJSON file, or - for stdin')
    .option('--partial', 'append the good lines of a file that has bad ones (the bad ones are still reported)')
    .option('--json', 'print the summary as JSON')
    .option('--batch-size <n>', 'commands per append batch', positiveInteger, DEFAULT_CHUNK_SIZE)
    .addHelpText(
      'after',
      `
Every line is checked (JSON, schema, and the ledger's rules for the whole file) before
anything is appended: a file with a bad line appends nothing unless --partial. Bad lines
are reported as FILE:LINE: field.path: message. Ids make commands idempotent, so appending
the same file twice records it once ("unchanged").`,
    )
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<AppendOptions>();
      const actor = actorOf(options);
      const input = await openInput(file);
      const result = await withLedger(
        storeOf(options),
        'write',
        (ledger) =>
          loadNdjson(ledger, input.stream, {
            actor,
            partial: options.partial ?? false,
            chunkSize: options.batchSize,
            ...(input.size === undefined ? {} : { totalBytes: input.size }),
          }),
        checkpointOf(options),
      );
      const exitCode = printResult(input.name, result, options.json ?? false);
      if (exitCode !== 0) throw new ExitStatus(exitCode);
    });
}

/** Prints bad lines to stderr and the summary to stdout; returns the exit status. */
export function printResult(name: string, result: LoadResult, json: boolean): number {
  for (const error of result.errors) process.stderr.write(`${formatLineError(name, error)}\n`);
  if (result.stoppedBy !== undefined) {
    for (const line of reportError(result.stoppedBy).lines) process.stderr.write(`${line}\n`);
  }
  if (json) {
    process.stdout.write(`${stringifyJson(summaryBody(name, result), 2)}\n`);
  } else if (result.appended) {
    process.stdout.write(`${summaryLine(result)}\n`);
  }
  if (!result.appended) {
    const lines = new Set(result.errors.map((e) => e.line)).size;
    process.stderr.write(`${name}: ${plural(lines, 'bad line')}; nothing was appended (fix them, or use --partial to append the others)\n`);
  } else if (result.stoppedBy !== undefined) {
    process.stderr.write(`${name}: stopped after ${plural(result.recorded + result.unchanged, 'command')}; appending the file again is safe (what is recorded comes back unchanged)\n`);
  }
  if (result.stoppedBy !== undefined) return reportError(result.stoppedBy).exitCode;
  const first = result.errors[0];
  return first ? errorRow(first.code).exitCode : 0;
}

export function summaryLine(result: LoadResult): string {
  const failedLines = new Set(result.errors.map((e) => e.line)).size;
  const parts = [`${formatCount(result.recorded)} recorded`, `${formatCount(result.unchanged)} unchanged`];
  if (failedLines > 0) parts.push(`${formatCount(failedLines)} failed`);
  const positions =
    result.firstPosition === null
      ? ''
      : result.firstPosition === result.lastPosition
        ? ` (position ${result.firstPosition})`
        : ` (positions ${result.firstPosition}–${result.lastPosition})`;
  return `${parts.join(', ')}${positions}`;
}

function summaryBody(name: string, result: LoadResult) {
  return {
    file: name,
    commands: result.commands,
    recorded: result.recorded,
    unchanged: result.unchanged,
    failed: new Set(result.errors.map((e) => e.line)).size,
    appended: result.appended,
    firstPosition: result.firstPosition,
    lastPosition: result.lastPosition,
    errors: result.errors,
  };
}
