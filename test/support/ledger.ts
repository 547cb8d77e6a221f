import { afterEach, beforeEach } from 'vitest';
import type { Command } from '../../src/domain/commands.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { readStoryFile } from './story-file.js';

export { asJson } from './as-json.js';

/** A fresh ledger over an in-memory SQLite store; close it when done. */
export function openMemoryLedger(): Promise<Ledger> {
  return Ledger.open({ store: 'sqlite::memory:' });
}

/** Appends each story file in turn, as one batch per file, as `ledger append FILE` does. */
export async function appendStories(ledger: Ledger, ...paths: string[]): Promise<void> {
  for (const path of paths) await ledger.execute(await readStoryFile(path), { actor: 'test' });
}

/** Appends commands one at a time (each its own batch), returning the log position after each. */
export async function appendEach(ledger: Ledger, commands: readonly Command[]): Promise<bigint[]> {
  const positions: bigint[] = [];
  for (const command of commands) {
    await ledger.execute([command], { actor: 'test' });
    positions.push(ledger.projector.position);
  }
  return positions;
}

/**
 * A fresh in-memory ledger for each test of the calling `describe`, with `commands` (command
 * objects as a file would hold them) appended one at a time and the log position after each;
 * closed after the test.
 */
export function ledgerForEachTest(commands: () => readonly unknown[]): { readonly ledger: Ledger; readonly positions: bigint[] } {
  const current = { ledger: undefined as unknown as Ledger, positions: [] as bigint[] };
  beforeEach(async () => {
    current.ledger = await openMemoryLedger();
    current.positions = await appendEach(current.ledger, commands().map((command) => parseCommand(command)));
  });
  afterEach(() => current.ledger.close());
  return current;
}
