import type { StoredEventRow } from './statements.js';

/**
 * Wakes live subscriptions when the log may have grown. Appends in this process call
 * `notify(rows)` after their commit, with a way to list the rows it added: a subscription
 * waiting at the first of them takes them from here instead of reading them back
 * (`committedFrom`). Appends by other processes sharing the file are noticed through
 * `PRAGMA data_version`, which changes whenever *another* connection commits: it is polled,
 * only while at least one subscription is waiting, every `pollMs`.
 */
export interface ChangeFeedOptions {
  /** Reads the connection's data_version; absent for `:memory:`, where no other process can write. */
  readVersion?: () => number;
  /**
   * How often other processes' commits are looked for while someone waits.
   * @defaultValue 100
   */
  pollMs?: number;
}

interface Waiter {
  version: number;
  wake: () => void;
}

export function createChangeFeed(options: ChangeFeedOptions = {}) {
  const { readVersion, pollMs = 100 } = options;
  const waiters = new Set<Waiter>();
  let timer: NodeJS.Timeout | undefined;
  /**
   * The rows of this process's last commit, consecutive positions: listed only when a
   * subscription asks, so that a process nobody subscribes in (a bulk import) never builds them.
   */
  let listCommitted: () => readonly StoredEventRow[] = () => [];
  let lastCommitted: readonly StoredEventRow[] | undefined = [];
  const stats = { handedOver: 0 };

  /** The version to pass to `changedSince`; read it *before* looking for new rows. */
  function version(): number {
    return readVersion ? readVersion() : 0;
  }

  function notify(committed: () => readonly StoredEventRow[] = () => []): void {
    listCommitted = committed;
    lastCommitted = undefined;
    for (const waiter of [...waiters]) waiter.wake();
  }

  /**
   * The rows of this process's last commit from `position` on, when that commit added the
   * row at `position`; otherwise undefined, and the caller reads the log. Positions are
   * gapless, so what follows `position` in the commit is what a read would return.
   */
  function committedFrom(position: bigint): StoredEventRow[] | undefined {
    lastCommitted ??= listCommitted();
    const first = lastCommitted[0];
    if (first === undefined || position < first[0]) return undefined;
    const offset = Number(position - first[0]);
    if (offset >= lastCommitted.length) return undefined;
    const rows = lastCommitted.slice(offset);
    stats.handedOver += rows.length;
    return rows;
  }

  /**
   * Resolves at this process's next commit, or on abort, or when a poll finds the version
   * moved from `seen`. Taking `seen` before reading the log means another process's commit
   * made between that read and this wait is still noticed (at the next poll). It does not
   * resolve at once when the version has already moved: that is most often this process's
   * writer thread, whose commit is about to be notified with its rows.
   */
  function changedSince(seen: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        version: seen,
        wake: () => {
          waiters.delete(waiter);
          signal.removeEventListener('abort', waiter.wake);
          if (waiters.size === 0) stopPolling();
          resolve();
        },
      };
      waiters.add(waiter);
      signal.addEventListener('abort', waiter.wake, { once: true });
      startPolling();
    });
  }

  function startPolling(): void {
    if (!readVersion || timer) return;
    // Deliberately ref'd: a process tailing the log should stay alive while it waits.
    timer = setInterval(() => {
      let current: number;
      try {
        current = readVersion();
      } catch {
        return; // the connection is closing; close() wakes everyone
      }
      for (const waiter of [...waiters]) if (waiter.version !== current) waiter.wake();
    }, pollMs);
  }

  function stopPolling(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  /** Wakes every waiter and stops polling (the store is closing). */
  function close(): void {
    notify();
    stopPolling();
  }

  return { version, notify, committedFrom, changedSince, close, stats };
}

export type ChangeFeed = ReturnType<typeof createChangeFeed>;
