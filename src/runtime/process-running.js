// @ts-check
/**
 * Whether a process with this id is running on this machine. Signal 0 only asks whether it
 * exists; EPERM means it does, under another user. An id that a process which has since exited
 * had may have been given to another: callers treat "running" as "leave its files alone".
 * Plain JavaScript so that bench/transpile.mjs, which runs before anything is transpiled, uses
 * it too.
 * @param {number} pid
 * @returns {boolean}
 */
export function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}
