import { Command } from 'commander';
import { checkpointOf, storeOf, withLedger, type GlobalOptions } from '../context.js';
import { positiveInteger } from '../options.js';
import { printBody } from '../print-body.js';
import { diffTable } from '../tables/diff-table.js';

interface DiffOptions extends GlobalOptions {
  from: string;
  to?: string;
  json?: boolean;
  limit?: number;
  after?: string;
}

export function diffCommand(): Command {
  return new Command('diff')
    .description('the resolved values that changed between two points of the log, and the events that changed them')
    .requiredOption('--from <position|time>', 'the earlier point: a log position or an ISO 8601 time')
    .option('--to <position|time>', 'the later point (default: now)')
    .option('--json', 'print the JSON body (the same as the HTTP API)')
    .option('--limit <n>', 'show at most n changed subjects, by subject, and where the next page starts', positiveInteger)
    .option('--after <subject>', 'only the subjects after this one (the next page of an earlier --limit)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DiffOptions>();
      const page = { after: options.after, limit: options.limit };
      await withLedger(
        storeOf(options),
        'read',
        (ledger) => printBody(ledger.diff(options.from, options.to, page), options.json, diffTable),
        checkpointOf(options),
      );
    });
}
