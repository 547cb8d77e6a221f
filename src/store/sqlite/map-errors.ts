import { StoreUnavailableError } from '../errors.js';
import { isStorageFault, sqliteCode } from './storage-fault.js';

export { isStorageFault } from './storage-fault.js';

/** Translates a storage fault into StoreUnavailableError; anything else passes through. */
export function mapWriteError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isStorageFault(error)) return error;
  const code = sqliteCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`the sqlite store cannot write (${code}: ${reason})`, 1, error);
}
