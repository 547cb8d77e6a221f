import { StoreUnavailableError } from '../errors.js';

/**
 * SQLite result codes (primary or extended, e.g. SQLITE_IOERR_WRITE) that mean "the storage
 * cannot take this write right now" rather than "this write is wrong". The caller may retry
 * once the disk has room, the file is writable again or the other writer lets go.
 */
const UNAVAILABLE_CODES = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_NOMEM'];

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** True for a storage fault: the whole write transaction must be abandoned. */
export function isStorageFault(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && UNAVAILABLE_CODES.some((c) => code === c || code.startsWith(`${c}_`));
}

/** Translates a storage fault into StoreUnavailableError; anything else passes through. */
export function mapWriteError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isStorageFault(error)) return error;
  const code = sqliteCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`the sqlite store cannot write (${code}: ${reason})`, 1, error);
}
