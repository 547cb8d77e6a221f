import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { openCheckpoint } from '../../src/runtime/checkpoint.js';
import { lockPathOf } from '../../src/runtime/checkpoint-lock.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { openEventStore, type EventStore } from '../../src/store/index.js';
import { assertClaim, exact, recordReport, registerSource } from '../support/commands.js';
import { appendStories, asJson } from '../support/ledger.js';
import { storeWith } from '../support/store-with.js';

const SEED = new URL('../../examples/seed-story.ndjson', import.meta.url).pathname;
const FOLLOW_UP = new URL('../../examples/follow-up-story.ndjson', import.meta.url).pathname;

/**
 * The store with its plain reads held from `hold` (at once unless `later`) until `release`: a
 * save reads the event at the position it saves (its anchor) before it writes anything, so the
 * save waits there, its snapshot taken. Opening over a checkpoint reads that event too.
 */
function withReadsHeld(store: EventStore, later = false) {
  let release = () => {};
  let gate: Promise<void> | undefined;
  let reach = () => {};
  /** Resolves once a read waits at the gate: a save waiting there has taken its snapshot. */
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const hold = () => {
    gate = new Promise<void>((resolve) => (release = resolve));
  };
  if (!later) hold();
  const held = storeWith(store, {
    async *readAll(options) {
      if (gate) reach();
      await gate;
      yield* store.readAll(options);
    },
  });
  return { held, hold, reached, release: () => release() };
}

describe('checkpoint deltas', () => {
  let dir: string;
  let store: string;
  let checkpointPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-deltas-'));
    store = `sqlite:${join(dir, 'log.db')}`;
    checkpointPath = join(dir, 'log.checkpoint');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Opens the ledger over the checkpoint, runs `work`, and closes it (which saves). */
  async function session(work: (ledger: Ledger) => Promise<void>): Promise<void> {
    const ledger = await Ledger.open({ store, checkpointPath });
    try {
      await work(ledger);
    } finally {
      await ledger.close();
    }
  }

  /** What the checkpoint file holds, as a restart reads it. */
  async function inspect() {
    const reader = await openEventStore(store);
    try {
      const opened = await openCheckpoint(checkpointPath, reader);
      // Read back too: every segment it keeps must load (and the file is let go).
      const loaded = await opened?.load();
      expect(loaded?.seen).toBe(opened?.seen);
      return { seen: opened?.seen, file: opened?.file, ino: statSync(checkpointPath).ino };
    } finally {
      await reader.close();
    }
  }

  /** State, revisions and views of a ledger that folds the whole log, no checkpoint. */
  async function rebuilt() {
    const ledger = await Ledger.open({ store });
    try {
      return { state: ledger.state, revisions: ledger.projector.revisions, counts: asJson(ledger.counts()), transfers: asJson(ledger.transfers()) };
    } finally {
      await ledger.close();
    }
  }

  async function restarted() {
    const ledger = await Ledger.open({ store, checkpointPath });
    try {
      return { state: ledger.state, revisions: ledger.projector.revisions, counts: asJson(ledger.counts()), transfers: asJson(ledger.transfers()) };
    } finally {
      await ledger.close();
    }
  }

  /** New claims, with the source and report they cite (recording those again changes nothing). */
  const claims = (from: number, count: number) =>
    [
      registerSource('s1'),
      recordReport('r1'),
      ...Array.from({ length: count }, (_, i) => assertClaim(`delta-${from + i}`, `transfer:delta-${(from + i) % 3}`, 'detainees.count', exact(from + i))),
    ].map((command) => parseCommand(command));

  it('a save after a restart adds what changed to the same file, and a restart from both gives what a rebuild gives', async () => {
    // given the seed story saved whole
    await session((ledger) => appendStories(ledger, SEED));
    const whole = await inspect();
    expect(whole.file).toMatchObject({ deltaBytes: 0 });

    // when a restarted ledger takes the follow-up (amendments, retractions) and saves again
    await session((ledger) => appendStories(ledger, FOLLOW_UP));

    // then the same file holds the whole state and a delta after it
    const after = await inspect();
    expect(after.ino).toBe(whole.ino);
    expect(after.file!.deltaBytes).toBeGreaterThan(0);
    expect(after.file!.baseBytes).toBe(whole.file!.baseBytes);
    expect(after.seen).toBeGreaterThan(whole.seen!);
    // and a restart from them is the rebuilt state, stream revisions and views included
    const [fromCheckpoint, fromLog] = [await restarted(), await rebuilt()];
    expect(fromCheckpoint.state).toEqual(fromLog.state);
    expect(new Map(fromCheckpoint.revisions)).toEqual(new Map(fromLog.revisions));
    expect(fromCheckpoint.counts).toEqual(fromLog.counts);
    expect(fromCheckpoint.transfers).toEqual(fromLog.transfers);
  });

  /** How a crash can leave the end of an appended delta: missing, or zeros where it was to be. */
  const damages = {
    'cut short': (path: string) => truncateSync(path, statSync(path).size - 5),
    'ending in zeros': (path: string) => {
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(16), 0, 16, statSync(path).size - 16);
      closeSync(fd);
    },
  };

  it.each(Object.entries(damages))('a delta %s by a crash is left out: the checkpoint stands at the save before it, and the next save is whole', async (_, damage) => {
    // given a whole save and a delta whose end did not reach the disk
    await session((ledger) => appendStories(ledger, SEED));
    const whole = await inspect();
    await session((ledger) => appendStories(ledger, FOLLOW_UP));
    damage(checkpointPath);

    // then the checkpoint stands where the whole save did, and is not added to
    const cut = await inspect();
    expect(cut.seen).toBe(whole.seen);
    expect(cut.file).toBeUndefined();

    // and a restart from it folds on to the rebuilt state
    const fromLog = await rebuilt();
    expect((await restarted()).state).toEqual(fromLog.state);
    // and saves the file whole again (on closing), at the head
    const rewritten = await inspect();
    expect(rewritten.file).toMatchObject({ deltaBytes: 0 });
    expect(rewritten.ino).not.toBe(whole.ino);
    expect(rewritten.seen).toBe(fromLog.state.position);
  });

  it('over a log restored from a copy older than the last delta, the checkpoint stands at the last save of that log', async () => {
    // given a whole save, a copy of the log as it was then, and a delta after it
    await session((ledger) => appendStories(ledger, SEED));
    const whole = await inspect();
    const logFile = join(dir, 'log.db');
    expect(existsSync(`${logFile}-wal`)).toBe(false);
    copyFileSync(logFile, join(dir, 'older.db'));
    await session((ledger) => appendStories(ledger, FOLLOW_UP));
    // when the log is put back to the copy
    renameSync(join(dir, 'older.db'), logFile);
    // then the delta is of another log: the checkpoint stands at the whole save, and is not added to
    const restored = await inspect();
    expect(restored.seen).toBe(whole.seen);
    expect(restored.file).toBeUndefined();
    expect((await restarted()).state).toEqual((await rebuilt()).state);
  });

  it('over a log restored from a copy taken where a save began, commands raced by that save are decided against the copy', async () => {
    // given the seed story and claims about three subjects, no checkpoint of it yet, and a copy of it
    const first = await Ledger.open({ store });
    await appendStories(first, SEED);
    await first.execute(claims(0, 3), { actor: 'test' });
    await first.close();
    const logFile = join(dir, 'log.db');
    copyFileSync(logFile, join(dir, 'older.db'));
    // when a ledger opened over it begins a save there, and commands about the same subjects
    // are recorded before the save has read the log again (the gate holds that read)
    const { held, reached, release } = withReadsHeld(await openEventStore(store));
    const ledger = await Ledger.open({ store: held, checkpointPath, checkpointEvery: 1 });
    try {
      await reached;
      await ledger.execute(claims(3, 3), { actor: 'test' });
      release();
    } finally {
      await ledger.close();
    }
    // and the log is put back to the copy
    renameSync(join(dir, 'older.db'), logFile);
    const restored = await inspect();
    expect(restored.seen).toBeDefined();

    // then a restart from the save holds the copy's stream revisions, not the later ones
    const [fromCheckpoint, fromLog] = [await restarted(), await rebuilt()];
    expect(new Map(fromCheckpoint.revisions)).toEqual(new Map(fromLog.revisions));
    // and the same commands are recorded again over it, not refused as concurrent changes
    await session(async (again) => {
      const { outcomes } = await again.execute(claims(3, 3), { actor: 'test' });
      expect(outcomes.filter((outcome) => outcome.type === 'AssertClaim').map((outcome) => outcome.status)).toEqual(['recorded', 'recorded', 'recorded']);
    });
  });

  it('once the deltas come to half the whole save, the next save writes the whole state again', async () => {
    await session((ledger) => appendStories(ledger, SEED));
    const whole = await inspect();
    // a delta larger than half of the seed story's state
    await session((ledger) => ledger.execute(claims(0, 60), { actor: 'test' }).then(() => undefined));
    const grown = await inspect();
    expect(grown.ino).toBe(whole.ino);
    expect(grown.file!.deltaBytes).toBeGreaterThanOrEqual(grown.file!.baseBytes / 2);

    await session((ledger) => ledger.execute(claims(60, 1), { actor: 'test' }).then(() => undefined));
    const compacted = await inspect();
    expect(compacted.ino).not.toBe(whole.ino);
    expect(compacted.file).toMatchObject({ deltaBytes: 0 });
    expect((await restarted()).state).toEqual((await rebuilt()).state);
  });

  /** What may happen to the file while a ledger that read it runs. */
  const meanwhile = {
    'replaced by another process': (path: string) => {
      copyFileSync(path, `${path}.other`);
      renameSync(`${path}.other`, path);
    },
    deleted: (path: string) => rmSync(path),
  };

  it.each(Object.entries(meanwhile))('a file %s since it was read is saved whole again, never added to', async (_, change) => {
    await session((ledger) => appendStories(ledger, SEED));
    const ledger = await Ledger.open({ store, checkpointPath });
    try {
      await ledger.execute(claims(0, 1), { actor: 'test' });
      change(checkpointPath);
    } finally {
      await ledger.close();
    }
    const saved = await inspect();
    expect(saved.file).toMatchObject({ deltaBytes: 0 });
    expect((await restarted()).state).toEqual((await rebuilt()).state);
  });

  it('two ledgers on one log (two servers share its checkpoint) save one at a time: the second writes nothing while the first saves', async () => {
    // given a checkpoint of the seed story, and two ledgers over it that have both folded claims since
    await session((ledger) => appendStories(ledger, SEED));
    const { held, hold, release } = withReadsHeld(await openEventStore(store), true);
    const first = await Ledger.open({ store: held, checkpointPath });
    const second = await Ledger.open({ store, checkpointPath });
    try {
      await first.execute(claims(0, 3), { actor: 'test' });
      await second.projector.catchUp();
      expect(second.projector.position).toBe(first.projector.position);

      // when the first begins a save (held before it writes) and the second saves meanwhile
      hold();
      const firstSave = first.checkpoint();
      const before = statSync(checkpointPath);
      await second.checkpoint();

      // then the second has written nothing
      const after = statSync(checkpointPath);
      expect([after.ino, after.size]).toEqual([before.ino, before.size]);
      // and the first's save, once done, stands whole at the head
      release();
      await firstSave;
      const saved = await inspect();
      expect(saved.seen).toBe(first.projector.position);
      expect(saved.file).toBeDefined();
    } finally {
      release();
      await first.close();
      await second.close();
    }
  });

  /** A process id nobody has any more: a child's, once it has exited. */
  const goneProcess = () => spawnSync(process.execPath, ['-e', '']).pid;
  const locks: Record<string, { write: (lock: string) => void; held: boolean }> = {
    'a running process': { write: (lock) => writeFileSync(lock, `${process.ppid}\n`), held: true },
    'a process that has gone (killed mid-save)': { write: (lock) => writeFileSync(lock, `${goneProcess()}\n`), held: false },
    'nobody yet (created, its id not yet written)': { write: (lock) => writeFileSync(lock, ''), held: true },
    'nobody for minutes (killed between creating and writing it)': {
      write: (lock) => {
        writeFileSync(lock, '');
        const minutesAgo = new Date(Date.now() - 5 * 60_000);
        utimesSync(lock, minutesAgo, minutesAgo);
      },
      held: false,
    },
    "this process's own id, not held by it (an earlier process had that id)": { write: (lock) => writeFileSync(lock, `${process.pid}\n`), held: false },
  };

  it.each(Object.entries(locks))('a save that finds the checkpoint locked by %s', async (_, { write, held }) => {
    // given a checkpoint, claims folded since, and the checkpoint's lock
    await session((ledger) => appendStories(ledger, SEED));
    const ledger = await Ledger.open({ store, checkpointPath });
    try {
      await ledger.execute(claims(0, 3), { actor: 'test' });
      const lock = lockPathOf(checkpointPath);
      write(lock);
      const before = await inspect();

      // when the ledger saves
      await ledger.checkpoint();

      // then a lock still held leaves the file and the lock alone; any other is taken over and let go
      const after = await inspect();
      if (held) {
        expect(after.seen).toBe(before.seen);
        expect(existsSync(lock)).toBe(true);
      } else {
        expect(after.seen).toBe(ledger.projector.position);
        expect(existsSync(lock)).toBe(false);
      }
    } finally {
      rmSync(lockPathOf(checkpointPath), { force: true });
      await ledger.close();
    }
  });
});
