/**
 * The log's head without a query per call. A command handler asks for it before every decision
 * (to see other processes' commits), and most times nothing has been committed since it last
 * asked. `readVersion` is the change feed's `PRAGMA data_version`, which changes whenever
 * another connection commits, this process's writer thread included, and costs less than
 * finding the last row; commits on this connection are reported through `invalidate`.
 */
export function createHeadCache(readVersion: () => number, readHead: () => bigint | null) {
  let known: { version: number; head: bigint | null } | undefined;
  return {
    head(): bigint | null {
      const version = readVersion();
      if (known?.version === version) return known.head;
      // Read after the version: a commit landing in between changes the version again, so
      // the next call reads anew rather than trusting this answer for longer than it holds.
      const head = readHead();
      known = { version, head };
      return head;
    },
    invalidate(): void {
      known = undefined;
    },
  };
}
