/**
 * Wakes live subscriptions when the log may have grown. Appends in this process call
 * `notify()` after their commit. Appends by other processes sharing the file are noticed
 * through `PRAGMA data_version`, which changes whenever *another* connection commits: it is
 * polled, only while at least one subscription is waiting, every `pollMs`.
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

  /** The version to pass to `changedSince`; read it *before* looking for new rows. */
  function version(): number {
    return readVersion ? readVersion() : 0;
  }

  function notify(): void {
    for (const waiter of [...waiters]) waiter.wake();
  }

  /**
   * Resolves when something may have been committed after `seen` was read, or on abort.
   * Taking the version before the read closes the race where another process commits between
   * our empty read and the start of the wait.
   */
  function changedSince(seen: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || version() !== seen) return Promise.resolve();
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

  return { version, notify, changedSince, close };
}

export type ChangeFeed = ReturnType<typeof createChangeFeed>;
