import { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { rebuild } from '../../runtime/projector.js';
import { stringifyJson } from '../../runtime/json.js';
import { storeOf, withStore, type GlobalOptions } from '../context.js';
import { formatCount, plural } from '../format/numbers.js';
import { startProgress } from '../progress.js';

interface ReplayOptions extends GlobalOptions {
  json?: boolean;
}

export function replayCommand(): Command {
  return new Command('replay')
    .description('rebuild every projection from the whole log, and report how fast')
    .option('--json', 'print {events, seconds, eventsPerSecond}')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ReplayOptions>();
      await withStore(storeOf(options), 'read', async (store) => {
        const head = await store.headPosition();
        // Positions count events only on the embedded engine; elsewhere show a plain counter.
        const bar = startProgress('Replaying', store.engine === 'sqlite' && head !== null ? Number(head) : null);
        let events = 0;
        const started = performance.now();
        let snapshot;
        try {
          snapshot = await rebuild(store, (count) => {
            events = count;
            bar.update(count);
          });
        } finally {
          bar.stop();
        }
        const seconds = (performance.now() - started) / 1000;
        const eventsPerSecond = seconds > 0 ? Math.round(events / seconds) : events;
        if (options.json) {
          process.stdout.write(`${stringifyJson({ events, seconds: Number(seconds.toFixed(3)), eventsPerSecond }, 2)}\n`);
          return;
        }
        const { state } = snapshot;
        process.stdout.write(
          `Replayed ${plural(events, 'event')} in ${seconds.toFixed(2)} s (${formatCount(eventsPerSecond)} events/s)\n` +
            `Folded: ${plural(state.sources.size, 'source')}, ${plural(state.reports.size, 'report')}, ` +
            `${plural(state.claims.size, 'claim')}, ${plural(state.retractions.size, 'retraction')}, ` +
            `${plural(state.aliases.size, 'alias', 'aliases')}; last position ${state.position}\n`,
        );
      });
    });
}
