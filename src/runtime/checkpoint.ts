import { constants } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { EventStore } from '../store/contract.js';
import { pointOf, serializePieces, SnapshotAssembler, type SnapshotPoint } from './checkpoint-pieces.js';
import { temporaryPathOf } from './checkpoint-temporaries.js';
import { fromJsonForm, jsonForm } from './json.js';
import type { ProjectorSnapshot } from './projector.js';

/**
 * Projection checkpoints. The file is a series of segments: the first holds the whole state,
 * each later one (a delta) only what the fold changed since the segment before it. Saving a
 * long log's whole state costs seconds of the event loop's time; a delta costs in proportion
 * to the events since the last save. Once the deltas add up to half the first segment, the
 * next save writes the whole state into a new file again, so a restart never reads much more
 * than one state's worth.
 *
 * A segment is a small header — which log and position it is of, and the bodies of the
 * current views there — then the state in pieces (./checkpoint-pieces.ts), then SEGMENT_END.
 * A restart reads the headers at once and can answer the current views from the last one
 * while the state is read back piece by piece.
 *
 * Layout: MAGIC, then per segment [u32 length][v8 header], [u32 length][v8 piece] × pieces,
 * END_OF_PIECES, SEGMENT_END. Each piece is written as it is made, so a save never holds a
 * whole state's pieces in memory (~500 MiB at a million events); how many there were is
 * known only once they are written, so a reader finds the segment's end by their lengths.
 */
const MAGIC = Buffer.from('claims-ledger checkpoint\n');
/**
 * Ends every segment, written only once the segment is on disk: a delta cut short by a crash
 * lacks it (or has zeros where it should be) and is left out, with whatever follows it.
 */
const SEGMENT_END = Buffer.from('claims-ledger segment end\n');
/** A zero length where the next piece's would be: no piece is empty (a v8 serialisation never is). */
const END_OF_PIECES = Buffer.alloc(4);
/** Bumped whenever the file layout or the projected state's shape changes: an old file is rebuilt. */
const CHECKPOINT_VERSION = 10;

/** Bodies of current views (`counts` …) and the view position they are of. */
export interface CheckpointViews {
  position: bigint;
  bodies: Record<string, unknown>;
}

interface SegmentHeader {
  version: number;
  /** `seen` of the segment this one continues; null for the first, which holds the whole state. */
  after: bigint | null;
  /**
   * Id and recorded time of the event at `seen`. Event ids are derived from the commands, so
   * the same story loaded into a new file repeats them; the time tells the two logs apart,
   * and a checkpoint of another log is refused.
   */
  anchor: string | null;
  seen: bigint;
  /** The state's own position (its last ledger event), where the next delta starts from. */
  position: bigint;
  eventCount: number;
  views: CheckpointViews | undefined;
}

/**
 * A checkpoint file as this process last wrote or read it, to add a delta to. A delta is
 * appended only to that very file, unchanged since (same inode and size): a file another
 * process replaced or wrote to is saved whole again instead.
 */
export interface CheckpointFile {
  path: string;
  /** Where its last segment stood. */
  last: SnapshotPoint;
  /** Whether its last segment carries view bodies: a restart opens warm only from one that does. */
  lastHasViews: boolean;
  baseBytes: number;
  deltaBytes: number;
  ino: number;
  size: number;
}

export interface LoadOptions {
  /** Let the event loop run between pieces (a background load). @defaultValue false */
  yieldBetweenPieces?: boolean;
  /** Checked between pieces; the load stops (rejects) once it returns true. */
  cancelled?: () => boolean;
}

/** A checkpoint whose headers have been read and checked against the log. */
export interface OpenedCheckpoint {
  /** Last log position the snapshot has seen. */
  seen: bigint;
  /** Ledger events folded into it. */
  eventCount: number;
  views: CheckpointViews | undefined;
  /** The file to add deltas to, when every segment in it is whole and of this log. */
  file: CheckpointFile | undefined;
  /** Reads the state back. Call once. */
  load(options?: LoadOptions): Promise<ProjectorSnapshot>;
  /** Lets go of the file without reading the state back. Call either this or load, once. */
  close(): Promise<void>;
}

/**
 * Saves the snapshot: a delta appended to `previous` when that is allowed (deltaAllowed) and
 * the file is still as this process left it, otherwise the whole state, written beside the
 * old file and renamed over it, so a crash mid-write leaves the old one. The state saved is
 * the state at the call, stream revisions included, though the projector goes on folding the
 * live state while it is serialised (between pieces) and written. Returns the file to pass
 * as `previous` next time.
 */
export async function saveCheckpoint(
  path: string,
  snapshot: ProjectorSnapshot,
  store: EventStore,
  views?: CheckpointViews,
  previous?: CheckpointFile,
): Promise<CheckpointFile> {
  const standing = { at: pointOf(snapshot), revisions: snapshot.revisions.standing() };
  try {
    return await saveStanding(path, snapshot, standing, store, views, previous);
  } finally {
    standing.revisions.release();
  }
}

/** Where the snapshot stood when the save began, and its stream revisions as they stood there. */
interface Standing {
  at: SnapshotPoint;
  revisions: Iterable<[string, bigint]>;
}

async function saveStanding(
  path: string,
  snapshot: ProjectorSnapshot,
  standing: Standing,
  store: EventStore,
  views: CheckpointViews | undefined,
  previous: CheckpointFile | undefined,
): Promise<CheckpointFile> {
  const { at } = standing;
  if (previous && previous.path === path && deltaAllowed(previous)) {
    const appended = await appendDelta(previous, snapshot, standing, store, views);
    if (appended) return appended;
  }
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathOf(path);
  const file = await open(temporary, 'w');
  let bytes: number;
  try {
    await writeFully(file, MAGIC);
    bytes = await writeSegment(file, snapshot, standing, store, views, undefined);
    await writeFully(file, SEGMENT_END);
    await file.sync();
  } catch (error) {
    // Written for seconds as the pieces are made: a save that fails leaves no part of a file behind.
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  const { ino, size } = await stat(path);
  return { path, last: at, lastHasViews: views !== undefined, baseBytes: bytes, deltaBytes: 0, ino, size };
}

/** Deltas are added until they come to half the whole state's segment; then it is rewritten. */
export function deltaAllowed(file: CheckpointFile): boolean {
  return file.deltaBytes < file.baseBytes / 2;
}

/** Appends a delta segment, or returns undefined (nothing written) when the file has changed. */
async function appendDelta(
  previous: CheckpointFile,
  snapshot: ProjectorSnapshot,
  standing: Standing,
  store: EventStore,
  views: CheckpointViews | undefined,
): Promise<CheckpointFile | undefined> {
  let file: FileHandle;
  try {
    // Appending, and never creating: a file that has gone is saved whole.
    file = await open(previous.path, constants.O_WRONLY | constants.O_APPEND);
  } catch {
    return undefined;
  }
  try {
    const [opened, named] = await Promise.all([file.stat(), stat(previous.path)]);
    if (opened.ino !== previous.ino || named.ino !== previous.ino || opened.size !== previous.size) return undefined;
    const bytes = await writeSegment(file, snapshot, standing, store, views, previous);
    // The end marker only once the rest is on disk (see SEGMENT_END).
    await file.sync();
    await writeFully(file, SEGMENT_END);
    await file.sync();
    const { ino, size } = await file.stat();
    return { ...previous, last: standing.at, lastHasViews: views !== undefined, deltaBytes: previous.deltaBytes + bytes, ino, size };
  } finally {
    await file.close();
  }
}

/**
 * Writes a segment but its SEGMENT_END: the header, each piece as it is made, END_OF_PIECES.
 * Returns the bytes of the pieces with their length prefixes (what deltaAllowed weighs).
 */
async function writeSegment(
  file: FileHandle,
  snapshot: ProjectorSnapshot,
  { at, revisions }: Standing,
  store: EventStore,
  views: CheckpointViews | undefined,
  previous: CheckpointFile | undefined,
): Promise<number> {
  const { seen, position, eventCount } = at;
  const since = previous?.last;
  const header: SegmentHeader = {
    version: CHECKPOINT_VERSION,
    after: since ? since.seen : null,
    anchor: await anchorAt(store, seen),
    seen,
    position,
    eventCount,
    // In their JSON form: v8's serialisation copies an object's own fields only, and a body
    // makes some of what it shows only when written (a resolved value's alternatives).
    views: views && { position: views.position, bodies: jsonForm(views.bodies) as Record<string, unknown> },
  };
  await writePart(file, serialize(header));
  let bytes = 0;
  const emit = async (piece: Buffer) => {
    await writePart(file, piece);
    bytes += 4 + piece.length;
  };
  await serializePieces(snapshot, since ? { since, at, revisions, emit } : { at, revisions, emit });
  await writeFully(file, END_OF_PIECES);
  return bytes;
}

/** The checkpoint's headers, if there is a checkpoint of this log; the state is not read yet. */
export async function openCheckpoint(path: string, store: EventStore): Promise<OpenedCheckpoint | undefined> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch {
    return undefined;
  }
  let keepOpen = false;
  try {
    const { ino, size } = await file.stat();
    const magic = await readExactly(file, 0, MAGIC.length);
    if (!magic || !magic.equals(MAGIC)) return undefined;
    const { segments, end } = await readSegments(file, size);
    // The newest segment of this log: a log restored from an older copy drops the later ones.
    let kept = segments.length;
    while (kept > 0 && segments[kept - 1]!.header.anchor !== (await anchorAt(store, segments[kept - 1]!.header.seen))) kept -= 1;
    if (kept === 0) return undefined;
    const used = segments.slice(0, kept);
    const last = used[kept - 1]!.header;
    const whole = kept === segments.length && end === size;
    keepOpen = true;
    let loading: Promise<ProjectorSnapshot> | undefined;
    return {
      seen: last.seen,
      eventCount: last.eventCount,
      views: last.views && { position: last.views.position, bodies: bodiesFromJsonForm(last.views.bodies) },
      file: whole
        ? {
            path,
            last: { seen: last.seen, position: last.position, eventCount: last.eventCount },
            lastHasViews: last.views !== undefined,
            baseBytes: used[0]!.bytes,
            deltaBytes: used.slice(1).reduce((sum, segment) => sum + segment.bytes, 0),
            ino,
            size,
          }
        : undefined,
      load: (options = {}) => (loading ??= readState(file, used, options).finally(() => file.close())),
      close: async () => {
        if (!loading) await file.close();
      },
    };
  } catch {
    return undefined;
  } finally {
    if (!keepOpen) await file.close();
  }
}

function bodiesFromJsonForm(bodies: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(bodies).map(([kind, body]) => [kind, fromJsonForm(body)]));
}

interface Segment {
  header: SegmentHeader;
  /** Offset of its first piece. */
  piecesAt: number;
  pieces: number;
  /** Bytes of the pieces with their length prefixes. */
  bytes: number;
}

/**
 * The whole segments from the start of the file, each continuing the one before; reading
 * stops at the first that is cut short, unreadable or does not follow on. `end` is where
 * the last one read ends.
 */
async function readSegments(file: FileHandle, size: number): Promise<{ segments: Segment[]; end: number }> {
  const segments: Segment[] = [];
  let offset = MAGIC.length;
  while (offset < size) {
    const lengthBytes = await readExactly(file, offset, 4);
    if (!lengthBytes) break;
    const headerLength = lengthBytes.readUInt32BE(0);
    if (offset + 4 + headerLength > size) break;
    let header: SegmentHeader;
    try {
      header = deserialize((await readExactly(file, offset + 4, headerLength))!) as SegmentHeader;
    } catch {
      break;
    }
    const previous = segments[segments.length - 1]?.header;
    if (header?.version !== CHECKPOINT_VERSION || header.after !== (previous ? previous.seen : null)) break;
    const piecesAt = offset + 4 + headerLength;
    const pieces = await piecesFrom(file, piecesAt, size);
    if (!pieces) break;
    const marker = await readExactly(file, piecesAt + pieces.bytes + END_OF_PIECES.length, SEGMENT_END.length);
    if (!marker || !marker.equals(SEGMENT_END)) break;
    segments.push({ header, piecesAt, ...pieces });
    offset = piecesAt + pieces.bytes + END_OF_PIECES.length + SEGMENT_END.length;
  }
  return { segments, end: offset };
}

/**
 * How many pieces follow `at`, found by their lengths (a 4-byte read each: a few hundred for
 * a million events' state), up to END_OF_PIECES; undefined when the file ends first.
 */
async function piecesFrom(file: FileHandle, at: number, size: number): Promise<{ pieces: number; bytes: number } | undefined> {
  let offset = at;
  let pieces = 0;
  for (;;) {
    const lengthBytes = await readExactly(file, offset, 4);
    if (!lengthBytes) return undefined;
    const length = lengthBytes.readUInt32BE(0);
    if (length === 0) return { pieces, bytes: offset - at };
    offset += 4 + length;
    if (offset > size) return undefined;
    pieces += 1;
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

async function readState(file: FileHandle, segments: readonly Segment[], options: LoadOptions): Promise<ProjectorSnapshot> {
  const assembler = new SnapshotAssembler();
  for (const { piecesAt, pieces } of segments) {
    const reader = new PieceReader(file, piecesAt);
    for (let i = 0; i < pieces; i += 1) {
      if (options.cancelled?.()) throw new Error('checkpoint load cancelled');
      const bytes = await reader.next();
      if (!bytes) throw new Error(`a checkpoint segment ends after ${i} of ${pieces} pieces`);
      assembler.add(bytes);
      if (options.yieldBetweenPieces) await new Promise((resolve) => setImmediate(resolve));
    }
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

/** A part after its length, without copying it. */
async function writePart(file: FileHandle, part: Buffer): Promise<void> {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(part.length);
  await writeFully(file, length);
  await writeFully(file, part);
}

/** A write may take fewer bytes than it was given; the rest follows. */
async function writeFully(file: FileHandle, buffer: Buffer): Promise<void> {
  for (let offset = 0; offset < buffer.length; ) {
    const { bytesWritten } = await file.write(buffer, offset);
    offset += bytesWritten;
  }
}

async function anchorAt(store: EventStore, position: bigint): Promise<string | null> {
  if (position === 0n) return null;
  for await (const event of store.readAll({ fromPosition: position, maxCount: 1 })) {
    return event.position === position ? `${event.id}@${event.created.toISOString()}` : null;
  }
  return null;
}
