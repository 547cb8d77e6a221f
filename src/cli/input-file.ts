import { open } from 'node:fs/promises';
import { CliError } from './cli-error.js';

export interface Input {
  /** How messages name it: the path as given, or `stdin`. */
  name: string;
  stream: AsyncIterable<Buffer>;
  /** Bytes, when known (a regular file). */
  size?: number;
}

/** Opens FILE, or stdin for `-`, failing early with a message that names the file. */
export async function openInput(file: string): Promise<Input> {
  if (file === '-') return { name: 'stdin', stream: process.stdin };
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError('NOT_FOUND', `${file}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliError('NOT_FOUND', `${file}: permission denied`);
    throw new CliError('NOT_FOUND', `${file}: cannot open (${(error as Error).message})`);
  }
  const stat = await handle.stat();
  if (stat.isDirectory()) {
    await handle.close();
    throw new CliError('VALIDATION_FAILED', `${file} is a directory, not an NDJSON file`);
  }
  return { name: file, stream: handle.createReadStream({ highWaterMark: 1 << 20 }), size: stat.size };
}
