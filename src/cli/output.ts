import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CliError } from './cli-error.js';

/** Where a command's result goes: stdout, or a file that appears only once it is complete. */
export interface Output {
  /** Resolves when the stream can take more, so a large export never piles up in memory. */
  write(text: string): Promise<void>;
  /** Flushes; for a file, moves it into place. */
  end(): Promise<void>;
  /** Drops a half-written file after an error. */
  abort(): Promise<void>;
}

async function writeTo(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return;
  await Promise.race([once(stream, 'drain'), once(stream, 'error').then(([error]) => Promise.reject(error))]);
}

export function stdoutOutput(stream: Writable = process.stdout): Output {
  return {
    write: (text) => writeTo(stream, text),
    end: async () => {
      if (stream.writableNeedDrain) await once(stream, 'drain');
    },
    abort: async () => {},
  };
}

/**
 * Writes next to `path` and renames on success: an interrupted export never leaves a file
 * that looks complete.
 */
export function fileOutput(path: string): Output {
  const partial = `${path}.partial-${process.pid}`;
  const stream = createWriteStream(partial, { flags: 'wx' });
  let failure: Error | undefined;
  stream.on('error', (error) => (failure = error));
  const check = () => {
    if (failure) throw new CliError('NOT_FOUND', `cannot write ${path}: ${failure.message}`, '--out');
  };
  return {
    async write(text) {
      check();
      try {
        await writeTo(stream, text);
      } catch {
        check();
      }
    },
    async end() {
      check();
      stream.end();
      await Promise.race([once(stream, 'finish'), once(stream, 'error')]);
      check();
      renameSync(partial, path);
    },
    async abort() {
      stream.destroy();
      rmSync(partial, { force: true });
    },
  };
}

export function outputFor(out: string | undefined): Output {
  return out === undefined || out === '-' ? stdoutOutput() : fileOutput(out);
}
