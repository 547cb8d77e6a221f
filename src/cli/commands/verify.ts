import { Command } from 'commander';
import { stringifyJson } from '../../runtime/json.js';
import { CHAIN_BROKEN_EXIT, ExitStatus } from '../cli-error.js';
import { storeOf, withStore, type GlobalOptions } from '../context.js';
import { plural } from '../format/numbers.js';
import { startProgress } from '../progress.js';

interface VerifyOptions extends GlobalOptions {
  json?: boolean;
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description('walk the hash chain of the log and report the head to anchor elsewhere')
    .option('--json', 'print {ok, events, head: {position, hash}, firstBadPosition?, problem?}')
    .addHelpText(
      'after',
      `
Exits ${CHAIN_BROKEN_EXIT} naming the first bad position when an event was edited, deleted,
inserted or reordered. Keep the printed head (position and hash) somewhere else: a
forger who rewrites the whole tail can make a new valid chain, but not the old head.`,
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<VerifyOptions>();
      await withStore(storeOf(options), 'read', async (store) => {
        if (!store.integrity) {
          const note = `the ${store.engine} engine keeps no hash chain here; nothing to verify (its own replication and access control protect the log)`;
          process.stdout.write(options.json ? `${stringifyJson({ ok: true, engine: store.engine, integrity: false, note }, 2)}\n` : `Note: ${note}\n`);
          return;
        }
        const head = await store.headPosition();
        const bar = startProgress('Verifying', head === null ? 0 : Number(head));
        let result;
        try {
          result = await store.integrity.verify((checked) => bar.update(checked));
        } finally {
          bar.stop();
        }
        if (options.json) {
          process.stdout.write(`${stringifyJson(result, 2)}\n`);
        } else if (result.ok) {
          process.stdout.write(
            `Chain intact: ${plural(result.events, 'event')} verified.\n` +
              `Head: position ${result.head.position ?? 0}, hash ${result.head.hash}\n`,
          );
        } else {
          process.stdout.write(
            `${plural(result.events, 'event')} verified before the break.\n` +
              `Recorded head: position ${result.head.position ?? 0}, hash ${result.head.hash}\n`,
          );
        }
        if (!result.ok) {
          process.stderr.write(`error: hash chain broken at position ${result.firstBadPosition}: ${result.problem}\n`);
          throw new ExitStatus(CHAIN_BROKEN_EXIT);
        }
      });
    });
}
