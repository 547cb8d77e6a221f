import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

const STALE_LOCK_MS = 5 * 60_000;

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** dist/ is current when the CLI entry point is newer than every source it is built from. */
function isFresh(): boolean {
  if (!existsSync(CLI_MAIN)) return false;
  const built = statSync(CLI_MAIN).mtimeMs;
  return newestSourceMtime(join(ROOT, 'src')) <= built && newestSourceMtime(join(ROOT, 'projections')) <= built;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds dist/ once per change of the sources, however many test files (in parallel forks)
 * ask: a lock directory lets one fork compile while the others wait, and a dist/ newer than
 * the sources (e.g. after `npm test`, which builds first) is reused as is.
 */
export async function ensureBuilt(): Promise<string> {
  const lock = join(tmpdir(), `claims-ledger-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    if (isFresh()) return CLI_MAIN;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      if (!isFresh()) {
        execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
          cwd: ROOT,
          stdio: 'pipe',
        });
      }
      return CLI_MAIN;
    } catch (error) {
      const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
      throw new Error(`npm run build failed:\n${output.slice(0, 4000)}`);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
