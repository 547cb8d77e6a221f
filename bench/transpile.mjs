import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunning } from '../src/runtime/process-running.js';

/**
 * A JavaScript copy of bench/, src/ and projections/, transpiled by esbuild as tsx does file by
 * file, for the benchmark to run from (see start.mjs). Copies live inside the package, so that
 * they resolve its dependencies from node_modules, one per process that made it.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['bench', 'src', 'projections'];
export const COPIES = join(ROOT, 'node_modules', '.cache', 'claims-ledger-bench');

/** @param {string} dir @returns {string[]} */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Writes the copy to `copy` (a folder under COPIES), replacing whatever was there.
 * @param {string} copy
 */
export async function transpileSources(copy) {
  const files = SOURCE_DIRS.flatMap((dir) => filesUnder(join(ROOT, dir)));
  rmSync(copy, { recursive: true, force: true });
  await build({
    entryPoints: files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')),
    outdir: copy,
    outbase: ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  // The worker threads' scripts and the store's other JavaScript modules, as they are.
  for (const file of files.filter((file) => file.endsWith('.js'))) {
    const target = join(copy, relative(ROOT, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
}

/** Removes the copies of processes that ended without removing theirs (a run killed midway). */
export function removeStaleCopies() {
  let names;
  try {
    names = readdirSync(COPIES);
  } catch {
    return;
  }
  for (const name of names) if (!isRunning(Number(name))) rmSync(join(COPIES, name), { recursive: true, force: true });
}
