import type { Command } from '../../domain/commands.js';
import { BatchRejectedError } from '../../runtime/command-handler.js';
import type { Ledger } from '../../runtime/ledger.js';
import type { LineError } from './line-error.js';

export interface AppendChunksOptions {
  actor: string;
  /** Report commands a concurrent writer made invalid instead of stopping at the first. */
  partial: boolean;
  /** @defaultValue 2,000 */
  chunkSize?: number;
  onProgress?: (done: number) => void;
}

export interface AppendTally {
  recorded: number;
  unchanged: number;
  /** Commands refused during the append (only by a concurrent writer's change). */
  errors: LineError[];
  firstPosition: bigint | null;
  lastPosition: bigint | null;
  /** Set when the append stopped early; what came before it stays appended. */
  stoppedBy?: unknown;
}

export const DEFAULT_CHUNK_SIZE = 2_000;

/**
 * Pass 3: executes the planned commands a chunk at a time, so a million-line file needs
 * neither one giant batch nor a round trip per line. Each chunk is decided again against the
 * ledger (which by then holds the chunks before it); that only fails if another writer
 * changed the ledger since pass 2.
 */
export async function appendChunks(
  ledger: Ledger,
  commands: readonly Command[],
  lines: readonly number[],
  options: AppendChunksOptions,
): Promise<AppendTally> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const tally: AppendTally = { recorded: 0, unchanged: 0, errors: [], firstPosition: null, lastPosition: null };
  for (let offset = 0; offset < commands.length; offset += chunkSize) {
    const chunk = commands.slice(offset, offset + chunkSize);
    try {
      const result = await ledger.execute(chunk, { actor: options.actor, partial: options.partial });
      for (const outcome of result.outcomes) {
        if (outcome.status === 'recorded') tally.recorded += 1;
        else tally.unchanged += 1;
        if (outcome.position !== undefined) {
          if (tally.firstPosition === null || outcome.position < tally.firstPosition) tally.firstPosition = outcome.position;
          if (tally.lastPosition === null || outcome.position > tally.lastPosition) tally.lastPosition = outcome.position;
        }
      }
      for (const failure of result.failures) {
        tally.errors.push({ line: lines[offset + failure.index]!, path: failure.error.where ?? '', message: failure.error.message, code: failure.error.code });
      }
    } catch (error) {
      if (error instanceof BatchRejectedError) {
        tally.errors.push({ line: lines[offset + error.index]!, path: error.where ?? '', message: error.message, code: error.code });
      }
      tally.stoppedBy = error;
      return tally;
    }
    options.onProgress?.(Math.min(offset + chunkSize, commands.length));
  }
  return tally;
}
