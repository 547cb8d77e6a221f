import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isRunning } from './process-running.js';

/**
 * A whole checkpoint is written to a file of its own beside the checkpoint and renamed over it
 * when complete. The name carries the writer's process id, so that two servers on one log
 * (which share the checkpoint's path) never write into each other's.
 */
export function temporaryPathOf(path: string, pid = process.pid): string {
  return `${path}.${pid}.tmp`;
}

/**
 * Removes what saves cut short by a crash left beside the checkpoint: a process killed while
 * writing a whole checkpoint leaves its temporary file, as large as the checkpoint (hundreds
 * of MB at a million events), and the next process has another id, so without this every
 * such crash kept one for good. A file whose process is still running is another server's
 * save in progress and is left alone, and so is this process's own (another ledger in it may
 * be saving; a container's server, always process 1, overwrites its own at its next whole
 * save). Removing is housekeeping: a file that cannot be listed or removed does not stop the
 * ledger from opening.
 */
export async function removeStaleTemporaries(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = writerOf(name, prefix);
    if (pid === undefined || pid === process.pid || isRunning(pid)) continue;
    try {
      await rm(join(dirname(path), name), { force: true });
    } catch {
      // Left for the next open to try again.
    }
  }
}

/** The process id in a temporary file's name, or undefined for any other file. */
function writerOf(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return undefined;
  const id = name.slice(prefix.length, -'.tmp'.length);
  return /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : undefined;
}
