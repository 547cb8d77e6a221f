/**
 * The log's head without a query per call. A command handler asks for it before every decision
 * (to see other processes' commits), and most times nothing has been committed since it last
 * asked. `readVersion` is the change feed's `PRAGMA data_version`, which changes whenever
 * another connection commits, this process's writer thread included, and costs less than
 * finding the last row; commits on this connection are reported through `invalidate`.
 *
 * The version is read once per turn of the event loop. Under load a turn decides several
 * commands (over a POST load of 32 connections, ~8.5 per version read), and another process's
 * commit landing between two of them cannot be told from one landing just after the turn,
 * which no decision waits for either; one to the same stream is met by the append's revision
 * check, and the command is decided again. Each read opens and closes a read transaction
 * (~3 µs alone, ~10 µs of every POST's main-thread time under load, by profile).
 */
export function createHeadCache(readVersion: () => number, readHead: () => bigint | null) {
  let known: { version: number; head: bigint | null } | undefined;
  let checkedThisTurn = false;
  const stats = { versionReads: 0 };
  const nextTurn = () => {
    checkedThisTurn = false;
  };
  return {
    head(): bigint | null {
      if (checkedThisTurn && known) return known.head;
      stats.versionReads += 1;
      const version = readVersion();
      if (!checkedThisTurn) {
        checkedThisTurn = true;
        setImmediate(nextTurn).unref();
      }
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
    stats,
  };
}
