import { openSync, rmSync, statSync, writeSync, closeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLedger, tempDir } from '../cli/run-ledger.js';
import { SEED_STORY } from '../support/story-file.js';
import { liftFileSizeLimit, mountTmpfs, prlimitUnavailable, tmpfsUnavailable, unmount } from './support/faults.js';
import { allEvents, getJson, postCommands, type HttpResult } from './support/http.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

/**
 * Storage faults made real for a `ledger serve` child process: the OS refusing to let its
 * files grow (RLIMIT_FSIZE, which SQLite sees as EFBIG) and a filesystem that is really full
 * (a small tmpfs). Writes must fail with 503 + Retry-After and a clear message, reads must go
 * on, nothing acknowledged may be lost or corrupted, and writes must resume once the fault
 * clears — without restarting the server.
 */
const temp = tempDir('ledger-faults-');
let server: ServeProcess | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
});
afterAll(temp.remove);

/** A claim of about 4 KiB (the longest quote allowed), so a few of them fill a small limit. */
const bigClaim = (id: string, n: number) => ({
  type: 'AssertClaim',
  claimId: id,
  subject: `transfer:fault-${n % 7}`,
  property: 'detainees.count',
  value: { kind: 'exact', n },
  reportId: 'seed-article',
  sourceId: 'gov-spokesperson',
  hedge: 'reported',
  quote: `${n} `.padEnd(4000, 'q'),
});

async function seededStore(dir: string): Promise<string> {
  const path = join(dir, 'ledger.db');
  const appended = await runLedger(['append', SEED_STORY, '--store', `sqlite:${path}`]);
  expect(appended.code, appended.stderr).toBe(0);
  return path;
}

/** Writes until the first 503, checking that everything before it was a plain 201. */
async function writeUntilFault(url: string, prefix: string): Promise<{ acked: string[]; fault: HttpResult }> {
  const acked: string[] = [];
  for (let i = 0; i < 3_000; i++) {
    const claim = bigClaim(`${prefix}.${i}`, i);
    const response = await postCommands(url, claim);
    if (response.status === 503) return { acked, fault: response };
    expect(response.status, response.text).toBe(201);
    acked.push(claim.claimId);
  }
  throw new Error('the fault never showed: 3,000 writes went through');
}

function expectUnavailable(response: HttpResult, reason: RegExp): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.text) as { code: string; detail: string };
  expect(problem.code).toBe('STORE_UNAVAILABLE');
  expect(problem.detail).toMatch(/cannot write/);
  expect(problem.detail).toMatch(reason);
  expect(response.text).not.toMatch(/\n\s+at /);
}

async function expectReadsWork(url: string, acked: string[]): Promise<void> {
  for (const route of ['/transfers', '/counts', '/facilities', '/events?limit=1000', '/health', '/history/transfer:syria-iraq-1']) {
    expect((await fetch(`${url}${route}`)).status, route).toBe(200);
  }
  if (acked.length > 0) expect((await fetch(`${url}/claims/${acked.at(-1)}`)).status).toBe(200);
}

/** Writes after the fault cleared: the first (or, honouring Retry-After, a later) attempt lands. */
async function expectWritesResume(url: string, prefix: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = bigClaim(`${prefix}.after.${attempt}`, attempt);
    const response = await postCommands(url, claim);
    if (response.status === 201) return claim.claimId;
    expect(response.status, response.text).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after'))));
  }
  throw new Error('writes did not resume after the fault cleared');
}

/** Every acknowledged claim is in the log exactly once, and the chain verifies. */
async function expectNothingLost(url: string, store: string, acknowledged: string[]): Promise<void> {
  const events = await allEvents(url);
  const claims = events.map((e) => e.data.claimId);
  for (const id of acknowledged) expect(claims.filter((c) => c === id), id).toHaveLength(1);
  expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
  const health = await getJson<{ status: string; lag: number; chainHead: { position: number } }>(`${url}/health`);
  expect(health).toMatchObject({ status: 'ok', lag: 0, chainHead: { position: events.length } });
  const stopped = await server!.stop('SIGTERM');
  expect(stopped.code, server!.output().slice(-2000)).toBe(0);
  server = undefined;
  const verify = await runLedger(['verify', '--json', '--store', store]);
  expect(verify.code, verify.stderr).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, events: events.length });
}

const noPrlimit = prlimitUnavailable();
describe('the OS refuses to let the store grow (ulimit -f), then allows it again', () => {
  it.skipIf(noPrlimit !== null)(`503 + Retry-After, reads go on, nothing lost, writes resume${noPrlimit ? ` [SKIPPED: ${noPrlimit}]` : ''}`, { timeout: 120_000 }, async () => {
    const dir = join(temp.dir, 'ulimit');
    const path = await seededStore(dir);
    const store = `sqlite:${path}`;
    const used = statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    server = await startServe({ store, fileSizeLimitKiB: Math.ceil(used / 1024) + 200 });

    const { acked, fault } = await writeUntilFault(server.url, 'ulimit');
    expect(acked.length).toBeGreaterThan(0);
    expectUnavailable(fault, /SQLITE_(IOERR|FULL)/);
    // Still refused while the fault lasts, and the process did not die of SIGXFSZ. (A smaller
    // write may still fit below the limit: whether one does depends on how many pages it
    // dirties, so the check repeats a write of the size that failed.)
    expectUnavailable(await postCommands(server.url, bigClaim('ulimit.again', acked.length)), /SQLITE_/);
    await expectReadsWork(server.url, acked);
    expect(server.child.exitCode).toBeNull();

    liftFileSizeLimit(server.pid);
    const after = await expectWritesResume(server.url, 'ulimit');
    await expectNothingLost(server.url, store, [...acked, after]);
  });
});

const tmpfsProbe = join(temp.dir, 'probe');
const noTmpfs = tmpfsUnavailable(tmpfsProbe);
describe('the disk is full (a 4 MiB tmpfs), then space is freed', () => {
  const mountPoint = join(temp.dir, 'tmpfs');
  beforeAll(() => {
    if (noTmpfs === null) mountTmpfs(mountPoint, 4 * 1024 * 1024);
  });
  afterAll(() => {
    if (noTmpfs === null) unmount(mountPoint);
  });

  it.skipIf(noTmpfs !== null)(`503 + Retry-After, reads go on, nothing lost, writes resume${noTmpfs ? ` [SKIPPED: ${noTmpfs}]` : ''}`, { timeout: 120_000 }, async () => {
    const path = await seededStore(mountPoint);
    const store = `sqlite:${path}`;
    server = await startServe({ store });

    // Ballast takes every free block, then gives back ~200 KiB: room for a few claims.
    const ballast = join(mountPoint, 'ballast');
    const fd = openSync(ballast, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    let size = 0;
    try {
      for (;;) size += writeSync(fd, chunk);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    ftruncateSync(fd, Math.max(0, size - 200 * 1024));
    closeSync(fd);

    const { acked, fault } = await writeUntilFault(server.url, 'full');
    expectUnavailable(fault, /SQLITE_FULL|disk is full/);
    await expectReadsWork(server.url, acked);

    rmSync(ballast);
    const after = await expectWritesResume(server.url, 'full');
    await expectNothingLost(server.url, store, [...acked, after]);
  });
});
