// @ts-check
/**
 * Which SQLite errors are storage faults. Plain JavaScript because the writer thread needs it
 * too (see writer-worker.js); map-errors.ts turns these into StoreUnavailableError.
 */

/**
 * SQLite result codes (primary or extended, e.g. SQLITE_IOERR_WRITE) that mean "the storage
 * cannot take this write right now" rather than "this write is wrong". The caller may retry
 * once the disk has room, the file is writable again or the other writer lets go.
 */
const UNAVAILABLE_CODES = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_NOMEM'];

/**
 * @param {unknown} error
 * @returns {string | undefined}
 */
export function sqliteCode(error) {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = /** @type {{ code?: unknown }} */ (error).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * True for a storage fault: the whole write transaction must be abandoned.
 * @param {unknown} error
 */
export function isStorageFault(error) {
  const code = sqliteCode(error);
  return code !== undefined && UNAVAILABLE_CODES.some((c) => code === c || code.startsWith(`${c}_`));
}
