import { Command } from 'commander';
import { storeOf, withLedger, type GlobalOptions } from '../context.js';
import { printBody } from '../print-body.js';
import { diffTable } from '../tables/diff-table.js';

interface DiffOptions extends GlobalOptions {
  from: string;
  to?: string;
  json?: boolean;
}

export function diffCommand(): Command {
  return new Command('diff')
    .description('the resolved values that changed between two points of the log, and the events that changed them')
    .requiredOption('--from <position|time>', 'the earlier point: a log position or an ISO 8601 time')
    .option('--to <position|time>', 'the later point (default: now)')
    .option('--json', 'print the JSON body (the same as the HTTP API)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DiffOptions>();
      await withLedger(storeOf(options), 'read', (ledger) => printBody(ledger.diff(options.from, options.to), options.json, diffTable));
    });
}
