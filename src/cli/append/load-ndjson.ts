import type { Ledger } from '../../runtime/ledger.js';
import { startProgress } from '../progress.js';
import { appendChunks, type AppendTally } from './append-chunks.js';
import { byLine, type LineError } from './line-error.js';
import { parseLines } from './parse-lines.js';
import { planFile } from './plan-file.js';
import { readLines } from './read-lines.js';

export interface LoadOptions {
  actor: string;
  /** Append the good lines of a file that has bad ones. @defaultValue false */
  partial?: boolean;
  /** Commands per `ledger.execute`. @defaultValue 2,000 */
  chunkSize?: number;
  /** Size of the input in bytes, when known, for the progress bar. */
  totalBytes?: number;
}

export interface LoadResult {
  /** Non-blank lines read. */
  commands: number;
  recorded: number;
  unchanged: number;
  /** Every bad line, in line order. */
  errors: LineError[];
  /** False when errors kept the whole file out (without --partial); true once appending began. */
  appended: boolean;
  firstPosition: bigint | null;
  lastPosition: bigint | null;
  stoppedBy?: unknown;
}

/**
 * Loads an NDJSON file of interchange-format commands, keeping the promise that a file with
 * errors appends nothing (unless `partial`): every line is parsed (pass 1) and the whole
 * file is checked against the ledger's rules (pass 2) before the first append (pass 3).
 * Only a concurrent writer changing the ledger between pass 2 and 3, or the store failing,
 * can stop pass 3 midway; the chunks before stay appended and re-running the file is safe,
 * since ids make every command idempotent.
 */
export async function loadNdjson(ledger: Ledger, input: AsyncIterable<Buffer | string>, options: LoadOptions): Promise<LoadResult> {
  const reading = startProgress('Checking ', options.totalBytes ?? null);
  const parsed = await parseLines(readLines(input, { onBytes: (bytes) => reading.update(bytes) }));
  reading.stop();

  // Reading a large file takes a while; check it against what the log holds by now.
  await ledger.projector.catchUp();
  const plan = planFile(ledger, parsed.commands, parsed.lines, options.actor);
  const errors = [...parsed.errors, ...plan.errors].sort(byLine);
  const commands = parsed.commands.length + new Set(parsed.errors.map((e) => e.line)).size;
  const empty: LoadResult = { commands, recorded: 0, unchanged: 0, errors, appended: false, firstPosition: null, lastPosition: null };
  if (errors.length > 0 && !options.partial) return empty;

  const accepted = plan.accepted.map((i) => parsed.commands[i]!);
  const lines = plan.accepted.map((i) => parsed.lines[i]!);
  const appending = startProgress('Appending', accepted.length);
  let tally: AppendTally;
  try {
    tally = await appendChunks(ledger, accepted, lines, {
      actor: options.actor,
      partial: options.partial ?? false,
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      onProgress: (done) => appending.update(done),
    });
  } finally {
    appending.stop();
  }
  return {
    ...empty,
    recorded: tally.recorded,
    unchanged: tally.unchanged,
    errors: [...errors, ...tally.errors].sort(byLine),
    appended: true,
    firstPosition: tally.firstPosition,
    lastPosition: tally.lastPosition,
    ...(tally.stoppedBy === undefined ? {} : { stoppedBy: tally.stoppedBy }),
  };
}
