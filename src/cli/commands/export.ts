import { Command, Option } from 'commander';
import { checkpointOf, storeOf, withLedger, withStore, type GlobalOptions } from '../context.js';
import { exportCsv } from '../export/csv.js';
import { exportNdjson } from '../export/ndjson.js';
import { exportProv } from '../export/prov.js';
import { plural } from '../format/numbers.js';
import { outputFor, type Output } from '../output.js';
import { startProgress } from '../progress.js';

const FORMATS = ['ndjson', 'csv', 'prov'] as const;
type Format = (typeof FORMATS)[number];

interface ExportOptions extends GlobalOptions {
  format: Format;
  out?: string;
}

export function exportCommand(): Command {
  return new Command('export')
    .description('write the ledger out: ndjson (the log as commands), csv (one row per claim) or prov (PROV-O JSON-LD)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('ndjson'))
    .option('--out <file>', 'write to FILE instead of stdout (it appears only once complete)')
    .addHelpText(
      'after',
      `
ndjson  interchange-format v1 commands in log order; \`ledger append\` of it into an empty
        ledger reproduces the same views
csv     claimId, subject, property, value (JSON), hedge, source, report, position,
        recordedAt, actor, amends, retractedBy, quote
prov    W3C PROV-O JSON-LD: claims are prov:Entity attributed to their source (prov:Agent)
        and quoted from their report; amendments are prov:wasRevisionOf; retractions are
        prov:Activity invalidating the claim (prov:invalidatedAtTime)`,
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ExportOptions>();
      const connection = storeOf(options);
      // Open the store first: a missing ledger must not leave an empty output file behind.
      const run = (write: (out: Output) => Promise<number>) => async () => {
        const out = outputFor(options.out);
        try {
          const count = await write(out);
          await out.end();
          if (options.out) process.stderr.write(`Wrote ${plural(count, 'record')} to ${options.out}\n`);
        } catch (error) {
          await out.abort();
          throw error;
        }
      };
      if (options.format === 'ndjson') {
        await withStore(connection, 'read', async (store) => {
          const head = await store.headPosition();
          const bar = startProgress('Exporting', store.engine === 'sqlite' && head !== null ? Number(head) : null);
          try {
            await run((out) => exportNdjson(store, out, (n) => bar.update(n)))();
          } finally {
            bar.stop();
          }
        });
        return;
      }
      await withLedger(
        connection,
        'read',
        (ledger) => run((out) => (options.format === 'csv' ? exportCsv(ledger.state, out) : exportProv(ledger.state, out)))(),
        checkpointOf(options),
      );
    });
}
