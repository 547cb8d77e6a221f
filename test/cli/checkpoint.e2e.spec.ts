import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../../src/runtime/checkpoint.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { asJson } from '../support/ledger.js';
import { ensureBuilt } from './build-once.js';
import { amendment, claim, report, report2, source } from './fixtures.js';
import { ndjson, runLedger, tempDir } from './run-ledger.js';

// The command line starts its state from the checkpoint `ledger serve` keeps beside the store
// (or at LEDGER_CHECKPOINT), reads it and never writes it; --no-checkpoint folds the log.

const temp = tempDir('ledger-cli-checkpoint-');
// Commands the seed story does not have: a source, report and claim, then an amendment.
const later = ndjson({ ...source, sourceId: 'later-source' }, { ...report, reportId: 'later-r1' }, { ...claim, claimId: 'later-c1', reportId: 'later-r1', sourceId: 'later-source' });
const amended = ndjson({ ...report2, reportId: 'later-r2' }, { ...amendment, claimId: 'later-c2', amends: 'later-c1', reportId: 'later-r2', sourceId: 'later-source' });
const appendLater = async (input: string) => expect((await runLedger(['append', '-', '--store', store], { input })).code).toBe(0);
const SEED = 'examples/seed-story.ndjson';
let case_ = 0;
let file: string;
let store: string;
const ledger = (args: string[], env: Record<string, string> = {}) => runLedger([...args, '--store', store], { env });
const stdoutOf = async (args: string[], env: Record<string, string> = {}) => {
  const run = await ledger(args, env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
};

/** Saves a checkpoint of the whole log at `path`, as a server does, after `change` alters the state or the counts it keeps. */
async function saveCheckpointOfLog(path: string, change: { counts?: (body: Record<string, unknown>) => unknown; state?: (ledger: Ledger) => void } = {}) {
  const opened = await Ledger.open({ store });
  try {
    change.state?.(opened);
    const counts = asJson(opened.counts()) as Record<string, unknown>;
    const views = { position: opened.state.position, bodies: { counts: change.counts ? change.counts(counts) : counts } };
    await saveCheckpoint(path, opened.projector.snapshot(), opened.store, views);
  } finally {
    await opened.close();
  }
}

beforeAll(ensureBuilt);
beforeEach(async () => {
  case_ += 1;
  file = join(temp.dir, `story-${case_}.db`);
  store = `sqlite:${file}`;
  expect((await ledger(['append', SEED])).code).toBe(0);
});
afterAll(temp.remove);

describe('the command line and the checkpoint a server keeps', () => {
  it('query counts answers from the header of a checkpoint saved at the log head, without reading the state back', async () => {
    // Counts no fold would give: they can only have come from the header.
    await saveCheckpointOfLog(`${file}.checkpoint`, { counts: (body) => ({ ...body, total: { interval: [1, 1], transfers: 999 } }) });
    const fromHeader = JSON.parse(await stdoutOf(['query', 'counts', '--json']));
    expect(fromHeader.total).toEqual({ interval: [1, 1], transfers: 999 });
    const table = await stdoutOf(['query', 'counts']);
    expect(table).toContain('sum of 999 transfers');
    expect(table).toMatch(/^As of position \d+ \([\d,]+ events, last recorded \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/m);

    const folded = JSON.parse(await stdoutOf(['query', 'counts', '--json', '--no-checkpoint']));
    expect(folded.total.transfers).not.toBe(999);
    expect({ ...fromHeader, total: folded.total }).toEqual(folded);
    // Any earlier position needs the state.
    expect(JSON.parse(await stdoutOf(['query', 'counts', '--json', '--as-of', String(folded.asOf.position)])).total).toEqual(folded.total);
    // Once the log has moved on, the header is not the current counts.
    await appendLater(later);
    const moved = JSON.parse(await stdoutOf(['query', 'counts', '--json']));
    expect(moved.total.transfers).not.toBe(999);
    expect(moved).toEqual(JSON.parse(await stdoutOf(['query', 'counts', '--json', '--no-checkpoint'])));
  });

  it('finds the checkpoint at LEDGER_CHECKPOINT, as `ledger serve` does', async () => {
    const elsewhere = join(temp.dir, `kept-${case_}`);
    mkdirSync(elsewhere);
    await saveCheckpointOfLog(join(elsewhere, 'ledger.checkpoint'), { counts: (body) => ({ ...body, total: { interval: [1, 1], transfers: 999 } }) });
    expect(JSON.parse(await stdoutOf(['query', 'counts', '--json'])).total.transfers).not.toBe(999);
    const env = { LEDGER_CHECKPOINT: join(elsewhere, 'ledger.checkpoint') };
    expect(JSON.parse(await stdoutOf(['query', 'counts', '--json'], env)).total.transfers).toBe(999);
  });

  it('reading commands start from the checkpoint state, and --no-checkpoint from the log', async () => {
    // A source name the log never had: only a state read back from the checkpoint shows it.
    await saveCheckpointOfLog(`${file}.checkpoint`, {
      state: (opened) => {
        opened.state.sources.get('gov-spokesperson')!.event.name = 'Name only the checkpoint has';
      },
    });
    expect(await stdoutOf(['export', '--format', 'prov'])).toContain('Name only the checkpoint has');
    const fromLog = await stdoutOf(['export', '--format', 'prov', '--no-checkpoint']);
    expect(fromLog).not.toContain('Name only the checkpoint has');
    expect(fromLog).toContain('Bassem al-Awadi');
  });

  it('every reading command prints the same from a checkpoint behind the log head as from the log', async () => {
    await saveCheckpointOfLog(`${file}.checkpoint`);
    await appendLater(later);
    await appendLater(amended);
    const reads = [
      ['query', 'transfers'],
      ['query', 'transfers', '--json'],
      ['query', 'counts'],
      ['query', 'facilities', '--json'],
      ['history', 'transfer:syria-iraq-1'],
      ['history', 'transfer:syria-iraq-1', '--json'],
      ['diff', '--from', '10', '--json'],
      ['export', '--format', 'csv'],
    ];
    for (const read of reads) expect(await stdoutOf(read), read.join(' ')).toBe(await stdoutOf([...read, '--no-checkpoint']));
  });

  it('never writes the checkpoint or anything beside it, reading or appending', async () => {
    const path = `${file}.checkpoint`;
    await saveCheckpointOfLog(path);
    const saved = readFileSync(path);
    const beside = readdirSync(temp.dir).sort();
    // A server would save again at its stop: the log has moved past the checkpoint.
    await appendLater(later);
    await stdoutOf(['query', 'transfers']);
    await stdoutOf(['history', 'transfer:syria-iraq-1']);
    expect(readFileSync(path).equals(saved)).toBe(true);
    expect(readdirSync(temp.dir).sort()).toEqual(beside);
  });

  it('folds the log when the checkpoint is of another log', async () => {
    // The same story appended into a new file: the same event ids, other times.
    const otherStore = `sqlite:${join(temp.dir, `again-${case_}.db`)}`;
    expect((await runLedger(['append', SEED, '--store', otherStore])).code).toBe(0);
    await saveCheckpointOfLog(`${file}.checkpoint`, { counts: (body) => ({ ...body, total: { interval: [1, 1], transfers: 999 } }) });
    copyFileSync(`${file}.checkpoint`, `${otherStore.slice('sqlite:'.length)}.checkpoint`);
    const run = await runLedger(['query', 'counts', '--json', '--store', otherStore]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).total.transfers).not.toBe(999);
  });
});
