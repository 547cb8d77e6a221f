import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { defaultCheckpointPath } from '../config.js';
import { LedgerError } from '../ledger-error.js';
import { Ledger } from '../runtime/ledger.js';
import { openEventStore, type EventStore } from '../store/index.js';
import { CliError } from './cli-error.js';

/** Options every command takes (declared once on the program). */
export interface GlobalOptions {
  /** Connection string. @defaultValue `$LEDGER_STORE`, else {@link DEFAULT_STORE} */
  store?: string;
  /** Who records the writes. @defaultValue `cli:$USER` */
  actor?: string;
  /** False (`--no-checkpoint`) to fold the whole log rather than start from the server's checkpoint. */
  checkpoint?: boolean;
}

export const DEFAULT_STORE = 'sqlite:./data/ledger.db';

export function storeOf(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string {
  return options.store ?? (env['LEDGER_STORE'] || DEFAULT_STORE);
}

export function actorOf(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (options.actor !== undefined) {
    const actor = options.actor.trim();
    if (actor === '' || actor.length > 200) throw new CliError('VALIDATION_FAILED', 'must be 1 to 200 characters', '--actor');
    return actor;
  }
  let user = env['USER'] || env['USERNAME'];
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `cli:${user}`;
}

/** Whether a command may create the store or only reads one that exists. */
export type StoreAccess = 'read' | 'write';

/**
 * Reading commands refuse a SQLite file that does not exist rather than create an empty
 * ledger at a mistyped path and show empty views as if they were true.
 */
function requireExisting(connection: string): void {
  if (!connection.startsWith('sqlite:')) return;
  const path = connection.slice('sqlite:'.length);
  if (path === ':memory:' || existsSync(path)) return;
  throw new CliError(
    'NOT_FOUND',
    `no ledger at ${path} — check --store or LEDGER_STORE (\`ledger append\` or \`ledger demo\` creates one)`,
    '--store',
  );
}

async function opening<T>(connection: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    // The connection string may come from --store or LEDGER_STORE; name both.
    if (error instanceof LedgerError && error.code === 'UNSUPPORTED_STORE') throw new CliError('UNSUPPORTED_STORE', error.message, '--store / LEDGER_STORE');
    if (error instanceof LedgerError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError('STORE_UNAVAILABLE', `cannot open store ${connection}: ${reason}`, '--store');
  }
}

export async function openStore(connection: string, access: StoreAccess): Promise<EventStore> {
  if (access === 'read') requireExisting(connection);
  return opening(connection, () => openEventStore(connection));
}

/**
 * The checkpoint a server on this store keeps (`LEDGER_CHECKPOINT`, else beside a SQLite
 * file, as `ledger serve` finds it), for a command to start its state from, unless
 * --no-checkpoint.
 */
export function checkpointOf(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (options.checkpoint === false) return undefined;
  return env['LEDGER_CHECKPOINT']?.trim() || defaultCheckpointPath(storeOf(options, env));
}

/**
 * The ledger, its state folded from the log or started from `checkpointPath` (read, never
 * written: the server that keeps it is its one writer).
 */
export async function openLedger(connection: string, access: StoreAccess, checkpointPath?: string): Promise<Ledger> {
  if (access === 'read') requireExisting(connection);
  return opening(connection, () =>
    // Never opened warm: a warm ledger refuses every read but the current counts until its state is back.
    Ledger.open({ store: connection, checkpointPath, saveCheckpoints: false, warmStartEvents: Infinity }),
  );
}

/** Runs `work` with an open ledger and always closes it, so the process can exit. */
export async function withLedger<T>(
  connection: string,
  access: StoreAccess,
  work: (ledger: Ledger) => Promise<T>,
  checkpointPath?: string,
): Promise<T> {
  const ledger = await openLedger(connection, access, checkpointPath);
  try {
    return await work(ledger);
  } finally {
    await ledger.close();
  }
}

export async function withStore<T>(connection: string, access: StoreAccess, work: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await openStore(connection, access);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
