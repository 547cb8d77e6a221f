import { Argument, Command } from 'commander';
import { countsAtHead } from '../../runtime/warm-start.js';
import { checkpointOf, storeOf, withLedger, withStore, type GlobalOptions } from '../context.js';
import { asksForPage, type PageRequest } from '../../runtime/list-page.js';
import { CliError } from '../cli-error.js';
import { positiveInteger } from '../options.js';
import { printBody } from '../print-body.js';
import { countsTable } from '../tables/counts-table.js';
import { facilitiesTable } from '../tables/facilities-table.js';
import { transfersTable } from '../tables/transfers-table.js';

interface QueryOptions extends GlobalOptions {
  asOf?: string;
  json?: boolean;
  limit?: number;
  after?: string;
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
    .option('--limit <n>', 'transfers and facilities: show at most n, by subject, and where the next page starts', positiveInteger)
    .option('--after <subject>', 'transfers and facilities: start after this subject (the next page of an earlier --limit)')
    .action(async (view: View, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<QueryOptions>();
      const request: PageRequest = { limit: options.limit, after: options.after };
      const page = asksForPage(request) ? request : undefined;
      if (page && view === 'counts') throw new CliError('VALIDATION_FAILED', 'only transfers and facilities come in pages', page.after === undefined ? '--limit' : '--after');
      const connection = storeOf(options);
      const checkpoint = checkpointOf(options);
      if (view === 'counts' && options.asOf === undefined && checkpoint !== undefined) {
        // The current counts need no state when a checkpoint was saved at the log's head.
        const counts = await withStore(connection, 'read', (store) => countsAtHead(store, checkpoint));
        if (counts) return printBody(counts, options.json, countsTable);
      }
      await withLedger(connection, 'read', async (ledger) => {
        switch (view) {
          case 'transfers':
            return printBody(page ? ledger.transfersPage(page, options.asOf) : ledger.transfers(options.asOf), options.json, transfersTable);
          case 'counts':
            return printBody(ledger.counts(options.asOf), options.json, countsTable);
          case 'facilities':
            return printBody(page ? ledger.facilitiesPage(page, options.asOf) : ledger.facilities(options.asOf), options.json, facilitiesTable);
          default: {
            const unhandled: never = view;
            return unhandled;
          }
        }
      }, checkpoint);
    });
}
