import { Command } from 'commander';
import { checkpointOf, storeOf, withLedger, type GlobalOptions } from '../context.js';
import { logPosition, positiveInteger } from '../options.js';
import { printBody } from '../print-body.js';
import { historyTable } from '../tables/history-table.js';
import { AS_OF_HELP } from './query.js';

interface HistoryOptions extends GlobalOptions {
  asOf?: string;
  json?: boolean;
  after?: bigint;
  limit?: number;
}

export function historyCommand(): Command {
  return new Command('history')
    .description('every claim, amendment and retraction about SUBJECT, and what it resolved to after each')
    .argument('<subject>', 'e.g. transfer:syria-iraq-1 (aliases are followed)')
    .argument('[property]', 'only this property (and the keys split from it), e.g. detainees.count')
    .option('--as-of <position|time>', AS_OF_HELP)
    .option('--json', 'print the JSON body (the same as the HTTP API)')
    .option('--limit <n>', 'show at most n steps (events), and where the next page starts', positiveInteger)
    .option('--after <position>', 'only the steps after this log position (the next page of an earlier --limit)', logPosition)
    .action(async (subject: string, property: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<HistoryOptions>();
      const page = { after: options.after, limit: options.limit };
      await withLedger(
        storeOf(options),
        'read',
        (ledger) => printBody(ledger.history(subject, property, options.asOf, page), options.json, historyTable),
        checkpointOf(options),
      );
    });
}
