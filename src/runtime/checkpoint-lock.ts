import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isRunning } from './process-running.js';

/**
 * One save at a time per checkpoint file, across processes. Two servers on one log share the
 * checkpoint's path, fold the same events and find a save due at the same event; saving at once,
 * both appended a delta to the one file, their pieces interleaved, and the next start rejected
 * both deltas (by hand: a 40,000-event log restarted from its first 20,000). One of them saving
 * is enough: the other's state, a fold of the same log, is the same.
 *
 * The lock is a file beside the checkpoint holding the saver's process id, created only if
 * absent. A lock whose process has gone (killed mid-save) is taken over. Two processes that
 * find the same stale lock at the same moment may both take it; they then save as they did
 * before there was a lock, which costs the saves, never the state (the reader rejects a
 * segment that is not whole).
 */
export function lockPathOf(checkpointPath: string): string {
  return `${checkpointPath}.lock`;
}

/** Locks this process holds: a second ledger on the same checkpoint in one process waits its turn too. */
const heldHere = new Set<string>();

/**
 * A lock file that is still empty has just been created and not yet written; one that stays
 * empty is from a process killed between the two.
 */
const EMPTY_LOCK_GRACE_MS = 60_000;

/**
 * Runs `save` holding the checkpoint's lock. Returns undefined, without running it, when another
 * save of the same checkpoint is in progress, in this process or another.
 */
export async function withSaveLock<T>(checkpointPath: string, save: () => Promise<T>): Promise<T | undefined> {
  const lock = lockPathOf(checkpointPath);
  if (heldHere.has(lock)) return undefined;
  heldHere.add(lock);
  try {
    if (!(await acquire(lock))) return undefined;
    try {
      return await save();
    } finally {
      await rm(lock, { force: true });
    }
  } finally {
    heldHere.delete(lock);
  }
}

async function acquire(lock: string): Promise<boolean> {
  // The first save makes the checkpoint's directory, and the lock comes before it.
  await mkdir(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await heldElsewhere(lock)) return false;
    await rm(lock, { force: true });
  }
  return false;
}

async function heldElsewhere(lock: string): Promise<boolean> {
  let text: string;
  let modified: number;
  try {
    [text, { mtimeMs: modified }] = await Promise.all([readFile(lock, 'utf8'), stat(lock)]);
  } catch {
    // Gone since: whoever held it is done.
    return false;
  }
  if (text === '') return Date.now() - modified < EMPTY_LOCK_GRACE_MS;
  const holder = Number(text.trim());
  // This process's own id, not in heldHere: left by an earlier process that had the same id (a
  // container's first process is always 1).
  return Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder);
}
