/**
 * `npm run bench [-- --quick]`: measures this project beside its peer (Emmett's SQLite event
 * store) and beside the engine's own limits (raw better-sqlite3, a bare Fastify route), in one
 * run on one machine; prints the table and writes bench/results.json (and results.md, the
 * same table in Markdown). Every suite runs in its own process, see ./child.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/cli/package-root.js';
import { runChild } from './child.js';
import { benchConfig, REBUILD_PROCESSES, type BenchConfig } from './config.js';
import { describeMachine, machineLine } from './machine.js';
import { failedRow, type Row } from './report.js';
import { fastestRebuild } from './fastest-rebuild.js';
import { appendScalingRows, rebuildRows, rebuildScalingRows, restartRow } from './rows.js';
import type { BuiltLogs } from './suites/build-logs.js';
import type { HttpInput } from './suites/http.js';
import type { RebuildInput, RebuildResult } from './suites/rebuild.js';
import type { RestartInput, RestartResult } from './suites/restart.js';
import { markdownTable, terminalTable } from './table.js';

const quick = process.argv.includes('--quick');
const keep = process.argv.includes('--keep');
const workdir = mkdtempSync(join(tmpdir(), 'claims-ledger-bench-'));
const config = benchConfig(quick, workdir);
const started = performance.now();

function progress(message: string): void {
  const at = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${at}s] ${message}\n`);
}

/** A suite that fails is reported as a failed row; the other rows still run. */
async function attempt<T>(what: string, work: () => Promise<T>): Promise<T | Error> {
  progress(what);
  try {
    return await work();
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    progress(`${what} failed: ${failure.message.split('\n')[0]}`);
    return failure;
  }
}

/** `measure` in REBUILD_PROCESSES fresh processes one after another, each an attempt of its own. */
async function inProcesses<T>(what: string, measure: (k: number) => Promise<T>): Promise<(T | Error)[]> {
  const results: (T | Error)[] = [];
  for (let k = 0; k < REBUILD_PROCESSES; k += 1) {
    results.push(await attempt(`${what} (process ${k + 1} of ${REBUILD_PROCESSES})`, () => measure(k)));
  }
  return results;
}

/** Every measurement, or the first failure among them. */
function allMeasured<T>(results: readonly (T | Error)[]): T[] | Error {
  return results.find((result): result is Error => result instanceof Error) ?? (results as T[]);
}

async function main(c: BenchConfig): Promise<Row[]> {
  const rows: Row[] = [];
  const appendRows = await attempt('concurrent appends (project, raw ceiling, Emmett trials)', () =>
    runChild<{ config: BenchConfig }, Row[]>('./suites/appends.ts', { config: c }),
  );
  rows.push(...(appendRows instanceof Error ? [failedRow('durable appends, 64 concurrent callers', 'events/s', '≥20× peer, ≥0.1× ceiling', appendRows.message)] : appendRows));

  const batchRows = await attempt('batches of 100', () => runChild<{ config: BenchConfig }, Row[]>('./suites/batches.ts', { config: c }));
  rows.push(...(batchRows instanceof Error ? [failedRow('durable appends in batches of 100 events', 'events/s', '≥0.3× ceiling', batchRows.message)] : batchRows));

  const logs = await attempt(`writing logs of ${c.scalingSizes.join(', ')} events`, () =>
    runChild<{ config: BenchConfig }, BuiltLogs>('./suites/build-logs.ts', { config: c }),
  );
  if (logs instanceof Error) throw logs;
  const largest = logs.paths[logs.paths.length - 1]!;
  const largestEvents = logs.sizes[logs.sizes.length - 1]!;

  // Each size's fold is the best of several runs (see BenchConfig.foldRuns) in each of
  // REBUILD_PROCESSES processes.
  const rebuildRates: number[] = [];
  for (let i = 0; i < logs.paths.length; i += 1) {
    const measured = allMeasured(
      await inProcesses(`fold of ${logs.sizes[i]} events`, () =>
        runChild<RebuildInput, RebuildResult>('./suites/rebuild.ts', { config: c, path: logs.paths[i]!, measure: 'fold' }),
      ),
    );
    rebuildRates.push(measured instanceof Error ? 0 : Math.max(...measured.map((result) => result.foldRate)));
  }
  const headline = allMeasured(
    await inProcesses(`rebuild of ${largestEvents} events, views included`, (k) =>
      runChild<RebuildInput, RebuildResult>('./suites/rebuild.ts', { config: c, path: largest, measure: k === 0 ? 'rebuild-with-limits' : 'rebuild' }),
    ),
  );
  rows.push(
    ...(headline instanceof Error
      ? [failedRow('rebuild all projections from the log', 'events/s', '≥0.4× ceiling', headline.message)]
      : rebuildRows(fastestRebuild(headline))),
  );

  const checkpointPath = join(c.workdir, 'checkpoint.bin');
  const full = await attempt('restart without checkpoint', () =>
    runChild<RestartInput, RestartResult>('./suites/restart.ts', { mode: 'full', path: largest, checkpointPath }),
  );
  const restarted =
    full instanceof Error
      ? full
      : await attempt('restart with checkpoint', () =>
          runChild<RestartInput, RestartResult>('./suites/restart.ts', { mode: 'checkpointed', path: largest, checkpointPath, expectedCounts: full.countsJson }),
        );
  rows.push(
    full instanceof Error || restarted instanceof Error
      ? failedRow('restart: first correct /counts, with persisted checkpoint', 's', '≤ 1 s', (full instanceof Error ? full : (restarted as Error)).message)
      : restartRow(largestEvents, full, restarted),
  );

  const httpRows = await attempt('HTTP under load (autocannon)', () =>
    runChild<HttpInput, Row[]>('./suites/http.ts', { config: c, path: logs.paths[1]!, events: logs.sizes[1]!, checkpointPath: join(c.workdir, 'http-checkpoint.bin') }),
  );
  rows.push(...(httpRows instanceof Error ? [failedRow('HTTP reads and writes under load', 'req/s', '≥0.5× / ≥0.2× bare route', httpRows.message)] : httpRows));

  rows.push(...appendScalingRows(logs.sizes, logs.appendRates, logs.rawAppendRates), ...rebuildScalingRows(logs.sizes, rebuildRates, c));
  return rows;
}

try {
  const machine = describeMachine();
  const rows = await main(config);
  // The sources' bench/, not the transpiled copy this runs from (see start.mjs).
  const here = (name: string) => join(packageRoot(), 'bench', name);
  const command = `npm run bench${quick ? ' -- --quick' : ''}`;
  writeFileSync(here('results.json'), `${JSON.stringify({ machine, command, rows }, null, 2)}\n`);
  writeFileSync(here('results.md'), `Machine: ${machineLine(machine)}\nCommand: \`${command}\`\n\n${markdownTable(rows)}\n`);
  console.log(`\n${machineLine(machine)}\n${terminalTable(rows)}`);
  progress(`done; ${rows.filter((r) => !r.met).length} of ${rows.length} targets missed; wrote bench/results.json and bench/results.md`);
} finally {
  if (keep) progress(`kept ${workdir}`);
  else rmSync(workdir, { recursive: true, force: true });
}
