import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { EventStore } from '../store/contract.js';
import type { ProjectorSnapshot } from './projector.js';

/** Bumped whenever the projected state's shape changes, so an old checkpoint is rebuilt. */
const CHECKPOINT_VERSION = 2;

interface CheckpointFile {
  version: number;
  /**
   * Id and recorded time of the event at the checkpoint's position. Event ids are derived from
   * the commands, so the same story loaded into a new file repeats them; the time tells the
   * two logs apart, and a checkpoint of another log is refused.
   */
  anchor: string | null;
  snapshot: ProjectorSnapshot;
}

/** v8 serialisation keeps Maps, bigints and Dates as they are, and is fast both ways. */
export async function saveCheckpoint(path: string, snapshot: ProjectorSnapshot, store: EventStore): Promise<void> {
  const file: CheckpointFile = {
    version: CHECKPOINT_VERSION,
    anchor: await anchorAt(store, snapshot.seen),
    snapshot,
  };
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, serialize(file));
  await rename(temporary, path);
}

/** The saved snapshot, or undefined when there is none or it does not belong to this log. */
export async function loadCheckpoint(path: string, store: EventStore): Promise<ProjectorSnapshot | undefined> {
  let file: CheckpointFile;
  try {
    file = deserialize(await readFile(path)) as CheckpointFile;
  } catch {
    return undefined;
  }
  if (file.version !== CHECKPOINT_VERSION) return undefined;
  if (file.anchor !== (await anchorAt(store, file.snapshot.seen))) return undefined;
  return file.snapshot;
}

async function anchorAt(store: EventStore, position: bigint): Promise<string | null> {
  if (position === 0n) return null;
  for await (const event of store.readAll({ fromPosition: position, maxCount: 1 })) {
    return event.position === position ? `${event.id}@${event.created.toISOString()}` : null;
  }
  return null;
}
