/**
 * Whether a process with this id is running on this machine. Signal 0 only asks whether it
 * exists; EPERM means it does, under another user. An id that a process which has since exited
 * had may have been given to another: callers treat "running" as "leave its files alone".
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
