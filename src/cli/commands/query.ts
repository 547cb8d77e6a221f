import { Argument, Command } from 'commander';
import { storeOf, withLedger, type GlobalOptions } from '../context.js';
import { printBody } from '../print-body.js';
import { countsTable } from '../tables/counts-table.js';
import { facilitiesTable } from '../tables/facilities-table.js';
import { transfersTable } from '../tables/transfers-table.js';

interface QueryOptions extends GlobalOptions {
  asOf?: string;
  json?: boolean;
}

const VIEWS = ['transfers', 'counts', 'facilities'] as const;
type View = (typeof VIEWS)[number];

export const AS_OF_HELP = 'a log position (e.g. 42) or an ISO 8601 time (e.g. 2026-11-24T10:00:00Z); default: now';

export function queryCommand(): Command {
  return new Command('query')
    .description('show a view of the ledger: transfers, counts or facilities')
    .addArgument(new Argument('<view>', 'which view').choices(VIEWS))
    .option('--as-of <position|time>', AS_OF_HELP)
    .option('--json', 'print the JSON body (the same as the HTTP API)')
    .action(async (view: View, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<QueryOptions>();
      await withLedger(storeOf(options), 'read', async (ledger) => {
        switch (view) {
          case 'transfers':
            return printBody(ledger.transfers(options.asOf), options.json, transfersTable);
          case 'counts':
            return printBody(ledger.counts(options.asOf), options.json, countsTable);
          case 'facilities':
            return printBody(ledger.facilities(options.asOf), options.json, facilitiesTable);
          default: {
            const unhandled: never = view;
            return unhandled;
          }
        }
      });
    });
}
