import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Ledger } from '../../runtime/ledger.js';
import { loadNdjson } from '../append/load-ndjson.js';
import { ExitStatus } from '../cli-error.js';
import { actorOf, withLedger, type GlobalOptions } from '../context.js';
import { heading } from '../format/table.js';
import { openInput } from '../input-file.js';
import { packageRoot } from '../package-root.js';
import { countsTable } from '../tables/counts-table.js';
import { facilitiesTable } from '../tables/facilities-table.js';
import { transfersTable } from '../tables/transfers-table.js';
import { printResult, summaryLine } from './append.js';

const DEMO_PATH = './data/demo.db';
/** Inside the package, wherever the command runs from. */
const SEED_STORY = 'examples/seed-story.ndjson';
export const DEMO_STORE = `sqlite:${DEMO_PATH}`;

export function demoCommand(): Command {
  return new Command('demo')
    .description(`load the seed story into a fresh demo ledger (${DEMO_STORE}, recreated each run) and show the three views`)
    .addHelpText(
      'after',
      `
Without --store the demo ledger is deleted and rebuilt each run; LEDGER_STORE is ignored,
so the demo never touches your real ledger. With --store the story is appended to that
store (idempotently: running it twice records it once) and nothing is deleted.`,
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const actor = actorOf(options);
      const connection = options.store ?? DEMO_STORE;
      if (options.store === undefined) recreate(DEMO_PATH);
      const seed = join(packageRoot(), SEED_STORY);
      const input = await openInput(seed);
      const shownSeed = SEED_STORY;

      await withLedger(connection, 'write', async (ledger) => {
        const result = await loadNdjson(ledger, input.stream, { actor });
        if (result.errors.length > 0 || result.stoppedBy !== undefined) {
          throw new ExitStatus(printResult(shownSeed, result, false));
        }
        process.stdout.write(intro(shownSeed, connection, summaryLine(result)));
        process.stdout.write(views(ledger));
        process.stdout.write(nextSteps(connection));
      });
    });
}

/** Deletes the demo database and its WAL files, so each run starts from an empty log. */
function recreate(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

function intro(seed: string, connection: string, summary: string): string {
  return `Claims ledger demo: detainee transfers from Syria to Iraq, one news article's statements.

Loaded ${seed} into ${connection}: ${summary}

How to read the tables: each row is the value that stands now for one property, then how
firmly it was said (hedge), who said it (source) and the claim that says it. Quantities
show their interval; "↳ also claimed" rows are competing claims that rank lower.

`;
}

function views(ledger: Ledger): string {
  return [
    `${heading('TRANSFERS')}\n${transfersTable(ledger.transfers())}`,
    `${heading('COUNTS')}\n${countsTable(ledger.counts())}`,
    `${heading('FACILITIES')}\n${facilitiesTable(ledger.facilities())}`,
  ].join('\n');
}

function nextSteps(connection: string): string {
  const store = `--store ${connection}`;
  return `
Next steps
──────────
Serve this ledger over HTTP (API docs at http://127.0.0.1:3000/docs):
  npm start -- ${store}
  ledger serve ${store}

Look closer:
  ledger history transfer:syria-iraq-1 detainees.count ${store}
  ledger query counts --json ${store}
  ledger export --format prov ${store}
  ledger verify ${store}
`;
}
