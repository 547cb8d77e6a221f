// @ts-check
/**
 * The settings every connection that commits to the log runs with, in one place: the main
 * connection (connection.ts) and the writer thread's (writer-worker.js) must never differ in
 * them. Plain JavaScript because the writer thread loads it too.
 */

/**
 * synchronous=FULL so a commit is on disk before an append resolves; busy_timeout so a second
 * process waits its turn for the write lock instead of failing at once.
 * @param {import('better-sqlite3').Database} db
 * @param {number} busyTimeoutMs
 */
export function applyWriteSettings(db, busyTimeoutMs) {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}
