import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { EventStore } from '../store/contract.js';
import { serializePieces, SnapshotAssembler } from './checkpoint-pieces.js';
import type { ProjectorSnapshot } from './projector.js';

/**
 * Projection checkpoints. The file is a small header — which log and position it is of, and
 * the bodies of the current views at that position — followed by the projector's state in
 * pieces (./checkpoint-pieces.ts). A restart reads the header at once and can answer the
 * current views from it while the state is read back piece by piece.
 *
 * Layout: MAGIC, then [u32 length][v8 header], then [u32 length][v8 piece] × header.pieces.
 */
const MAGIC = Buffer.from('claims-ledger checkpoint\n');
/** Bumped whenever the file layout or the projected state's shape changes: an old file is rebuilt. */
const CHECKPOINT_VERSION = 3;

/** Bodies of current views (`counts` …) and the view position they are of. */
export interface CheckpointViews {
  position: bigint;
  bodies: Record<string, unknown>;
}

interface CheckpointHeader {
  version: number;
  /**
   * Id and recorded time of the event at `seen`. Event ids are derived from the commands, so
   * the same story loaded into a new file repeats them; the time tells the two logs apart,
   * and a checkpoint of another log is refused.
   */
  anchor: string | null;
  seen: bigint;
  eventCount: number;
  views: CheckpointViews | undefined;
  pieces: number;
}

export interface LoadOptions {
  /** Let the event loop run between pieces (a background load). @defaultValue false */
  yieldBetweenPieces?: boolean;
  /** Checked between pieces; the load stops (rejects) once it returns true. */
  cancelled?: () => boolean;
}

/** A checkpoint whose header has been read and checked against the log. */
export interface OpenedCheckpoint {
  /** Last log position the snapshot has seen. */
  seen: bigint;
  /** Ledger events folded into it. */
  eventCount: number;
  views: CheckpointViews | undefined;
  /** Reads the state back. Call once. */
  load(options?: LoadOptions): Promise<ProjectorSnapshot>;
}

/**
 * Writes the checkpoint beside the old one and renames it over: a crash mid-write leaves the
 * old one. The state saved is the state at the call, though the projector goes on folding the
 * live state while it is serialised (between pieces) and written.
 */
export async function saveCheckpoint(path: string, snapshot: ProjectorSnapshot, store: EventStore, views?: CheckpointViews): Promise<void> {
  const { seen } = snapshot;
  const eventCount = snapshot.state.eventCount;
  const pieces = await serializePieces(snapshot);
  const header: CheckpointHeader = {
    version: CHECKPOINT_VERSION,
    anchor: await anchorAt(store, seen),
    seen,
    eventCount,
    views,
    pieces: pieces.length,
  };
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.write(MAGIC);
    for (const part of [serialize(header), ...pieces]) await file.write(Buffer.concat([lengthOf(part), part]));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/** The checkpoint's header, if there is a checkpoint of this log; the state is not read yet. */
export async function openCheckpoint(path: string, store: EventStore): Promise<OpenedCheckpoint | undefined> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch {
    return undefined;
  }
  let keepOpen = false;
  try {
    const reader = new PieceReader(file, MAGIC.length);
    const magic = await readExactly(file, 0, MAGIC.length);
    if (!magic || !magic.equals(MAGIC)) return undefined;
    const headerBytes = await reader.next();
    const header = headerBytes && (deserialize(headerBytes) as CheckpointHeader);
    if (!header || header.version !== CHECKPOINT_VERSION) return undefined;
    if (header.anchor !== (await anchorAt(store, header.seen))) return undefined;
    keepOpen = true;
    let loading: Promise<ProjectorSnapshot> | undefined;
    return {
      seen: header.seen,
      eventCount: header.eventCount,
      views: header.views,
      load: (options = {}) => (loading ??= readState(reader, header.pieces, options).finally(() => file.close())),
    };
  } catch {
    return undefined;
  } finally {
    if (!keepOpen) await file.close();
  }
}

/** The saved snapshot, or undefined when there is none or it does not belong to this log. */
export async function loadCheckpoint(path: string, store: EventStore): Promise<ProjectorSnapshot | undefined> {
  const opened = await openCheckpoint(path, store);
  if (!opened) return undefined;
  try {
    return await opened.load();
  } catch {
    return undefined;
  }
}

async function readState(reader: PieceReader, pieces: number, options: LoadOptions): Promise<ProjectorSnapshot> {
  const assembler = new SnapshotAssembler();
  for (let i = 0; i < pieces; i += 1) {
    if (options.cancelled?.()) throw new Error('checkpoint load cancelled');
    const bytes = await reader.next();
    if (!bytes) throw new Error(`the checkpoint ends after ${i} of ${pieces} pieces`);
    assembler.add(bytes);
    if (options.yieldBetweenPieces) await new Promise((resolve) => setImmediate(resolve));
  }
  return assembler.finish();
}

/** Reads the length-prefixed parts one after another, in 4 MiB reads. */
class PieceReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly file: FileHandle,
    private offset: number,
  ) {}

  async next(): Promise<Buffer | undefined> {
    if (!(await this.fill(4))) return undefined;
    const length = this.buffer.readUInt32BE(0);
    if (!(await this.fill(4 + length))) return undefined;
    const part = this.buffer.subarray(4, 4 + length);
    this.buffer = this.buffer.subarray(4 + length);
    return part;
  }

  private async fill(bytes: number): Promise<boolean> {
    while (this.buffer.length < bytes) {
      const chunk = await readExactly(this.file, this.offset, Math.max(bytes - this.buffer.length, 4 * 1024 * 1024), true);
      if (!chunk || chunk.length === 0) return false;
      this.offset += chunk.length;
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    }
    return true;
  }
}

/** `length` bytes at `position`, or fewer at the end of the file when `partial`. */
async function readExactly(file: FileHandle, position: number, length: number, partial = false): Promise<Buffer | undefined> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead < length && !partial) return undefined;
  return buffer.subarray(0, bytesRead);
}

function lengthOf(part: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(part.length);
  return prefix;
}

async function anchorAt(store: EventStore, position: bigint): Promise<string | null> {
  if (position === 0n) return null;
  for await (const event of store.readAll({ fromPosition: position, maxCount: 1 })) {
    return event.position === position ? `${event.id}@${event.created.toISOString()}` : null;
  }
  return null;
}
