import { Command } from 'commander';
import { appendCommand } from './commands/append.js';
import { demoCommand } from './commands/demo.js';
import { diffCommand } from './commands/diff.js';
import { exportCommand } from './commands/export.js';
import { historyCommand } from './commands/history.js';
import { queryCommand } from './commands/query.js';
import { replayCommand } from './commands/replay.js';
import { serveCommand } from './commands/serve.js';
import { verifyCommand } from './commands/verify.js';
import { DEFAULT_STORE } from './context.js';
import { packageVersion } from './package-root.js';

/** The `ledger` command: global options, then one subcommand per file in commands/. */
export function createProgram(): Command {
  const program = new Command('ledger')
    .description('An event-sourced ledger of sourced claims: append statements, audit their history, query what stands.')
    .version(packageVersion(), '-V, --version')
    .option('--store <conn>', `event store: sqlite:<file>, sqlite::memory: or esdb://host:2113?tls=false (default: $LEDGER_STORE, else ${DEFAULT_STORE})`)
    .option('--actor <name>', 'who records the writes, kept in every event (default: cli:$USER)')
    .option(
      '--no-checkpoint',
      "fold the whole log instead of starting from the checkpoint a server keeps of it ($LEDGER_CHECKPOINT, else <file>.checkpoint beside a SQLite store; read, never written)",
    )
    .addHelpText(
      'after',
      `
Exit status: 0 ok, 1 unexpected, 2 invalid input or usage, 3 a ledger rule refused it,
5 not found, 6 conflict, 8 store unavailable, 9 hash chain broken (verify).
Set LEDGER_DEBUG=1 to see the stack of an unexpected error.`,
    );
  for (const command of [
    demoCommand(),
    appendCommand(),
    queryCommand(),
    historyCommand(),
    diffCommand(),
    exportCommand(),
    verifyCommand(),
    replayCommand(),
    serveCommand(),
  ]) {
    // Settings that `program.command()` would copy; `addCommand` does not.
    command
      .configureHelp({ showGlobalOptions: true })
      .allowExcessArguments(false)
      .showHelpAfterError('(add --help for usage)')
      .exitOverride();
    program.addCommand(command);
  }
  return program.showHelpAfterError('(add --help for usage)').exitOverride();
}
