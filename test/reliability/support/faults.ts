import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Can this process mount a tmpfs (root, or CAP_SYS_ADMIN)? Returns null when it can, else
 * why not — the reason a test that needs a small real filesystem is skipped with.
 */
export function tmpfsUnavailable(probeDir: string): string | null {
  if (process.platform !== 'linux') return `tmpfs mounts need Linux (this is ${process.platform})`;
  mkdirSync(probeDir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probeDir], { encoding: 'utf8' });
  if (mounted.error) return `cannot run mount: ${mounted.error.message}`;
  if (mounted.status !== 0) return `cannot mount a tmpfs here: ${mounted.stderr.trim() || `mount exited ${mounted.status}`}`;
  spawnSync('umount', [probeDir]);
  return null;
}

export function mountTmpfs(dir: string, sizeBytes: number): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
}

export function unmount(dir: string): void {
  // Lazy: a process that still holds a file there must not keep the mount alive for ever.
  spawnSync('umount', ['-l', dir]);
}

/** Null when `prlimit` can change another process's limits here; else why not. */
export function prlimitUnavailable(): string | null {
  if (process.platform !== 'linux') return `prlimit needs Linux (this is ${process.platform})`;
  const probe = spawnSync('prlimit', ['--pid', String(process.pid), '--fsize'], { encoding: 'utf8' });
  if (probe.error) return `cannot run prlimit: ${probe.error.message}`;
  return probe.status === 0 ? null : `prlimit refused: ${probe.stderr.trim()}`;
}

/** Lifts the file-size limit of a running process, as an operator freeing the fault would. */
export function liftFileSizeLimit(pid: number): void {
  execFileSync('prlimit', ['--pid', String(pid), '--fsize=unlimited:unlimited']);
}
