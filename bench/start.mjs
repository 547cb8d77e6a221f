/**
 * `npm run bench` starts here. It runs the benchmark, every suite's process included (see
 * child.ts), from a JavaScript copy of the sources (transpile.mjs), and removes the copy after.
 *
 * Under tsx each of those processes took ~0.4–0.6 s longer to start: Node 20 runs tsx's module
 * hooks on a thread of their own and asks that thread about every module a process loads. The
 * quick run starts 16 processes, and had come within a few seconds of its minute; four quick
 * runs alternating took 57.4 and 54.8 s under tsx, 51.7 and 48.0 s from the copy. The hooks'
 * thread was in every peak-RSS figure too. Users run the product as built JavaScript (dist/).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COPIES, removeStaleCopies, transpileSources } from './transpile.mjs';

const copy = join(COPIES, String(process.pid));
removeStaleCopies();
await transpileSources(copy);
try {
  await import(pathToFileURL(join(copy, 'bench', 'run.js')).href);
} finally {
  rmSync(copy, { recursive: true, force: true });
}
