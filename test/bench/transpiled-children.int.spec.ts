import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { appendInWindows } from '../../bench/engines/project-appends.js';
import { ClaimsLoad } from '../../bench/load.js';
import { benchConfig } from '../../bench/config.js';
import type { EXEC_ARGV as ExecArgv, runChild as RunChild } from '../../bench/child.js';
import type { RebuildInput, RebuildResult } from '../../bench/suites/rebuild.js';
import { COPIES, transpileSources } from '../../bench/transpile.mjs';
import { openEventStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-transpiled-'));
// Named after this process, as the bench's own copies are, so that a bench starting meanwhile
// leaves it alone.
const copy = join(COPIES, String(process.pid));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
});

describe('the benchmark run from its JavaScript copy', () => {
  it('runs a suite in a child process from the copy, worker threads included', async () => {
    // Given a small log, and the copy `npm run bench` runs from
    const path = join(dir, 'log.db');
    const store = await openEventStore(`sqlite:${path}`);
    const { events } = await appendInWindows(store, new ClaimsLoad(), 300);
    await store.close();
    await transpileSources(copy);
    expect(existsSync(join(copy, 'bench', 'suites', 'rebuild.ts'))).toBe(false);

    // When the copy's child.ts runs the fold suite (named as in the sources, ./suites/rebuild.ts)
    const child = (await import(pathToFileURL(join(copy, 'bench', 'child.js')).href)) as { runChild: typeof RunChild; EXEC_ARGV: typeof ExecArgv };
    const config = { ...benchConfig(true, dir), foldRuns: 1, foldSeconds: 0.1 };
    const result = await child.runChild<RebuildInput, RebuildResult>('./suites/rebuild.ts', { config, path, measure: 'fold' });

    // Then the child folded the whole log: it ran the copy's JavaScript (no .ts is there to
    // run) with no loader, and its read-ahead worker thread came from the copy
    expect(result.events).toBe(events);
    expect(result.foldRate).toBeGreaterThan(0);
    expect(child.EXEC_ARGV).toEqual(['--expose-gc']);
  }, 60_000);
});
