/**
 * The one base class for every error the ledger raises on purpose. `code` is the key of the
 * error table (src/api/error-table.ts) that maps it to an HTTP status and a CLI exit; `where`
 * names the place in the input (a field path, a line, a stream) that the error concerns.
 */
export abstract class LedgerError extends Error {
  abstract readonly code: string;
  readonly where: string | undefined;

  constructor(message: string, where?: string) {
    super(message);
    this.name = new.target.name;
    this.where = where;
  }
}
