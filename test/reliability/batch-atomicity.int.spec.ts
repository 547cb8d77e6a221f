import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { BatchRejectedError } from '../../src/runtime/command-handler.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { post, problemOf, seed, startApi, type TestApi } from '../api/support/api.js';

/**
 * A batch is refused whole on any error, including one only the store would find (an event
 * over its size limit): no command of it may be recorded before the refusal.
 */
let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const oversized = (claimId: string) => ({
  type: 'AssertClaim',
  claimId,
  subject: 'transfer:big',
  property: 'notes.blob',
  value: 'x'.repeat(1_100_000),
  reportId: 'seed-article',
  sourceId: 'gov-spokesperson',
  hedge: 'stated',
});
const smallSource = (id: string) => ({ type: 'RegisterSource', sourceId: id, name: id, kind: 'other' });

describe('a batch with an event the store refuses', () => {
  it('POST /commands: 400 naming the command\'s index, and nothing of the batch recorded', async () => {
    api = await startApi({ bodyLimit: 4 * 1024 * 1024 });
    await seed(api.app);
    const head = await api.ledger.store.headPosition();
    const response = await post(api.app, [smallSource('ok-1'), oversized('big-1'), smallSource('ok-2')]);
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe('INVALID_STORE_INPUT');
    expect(problem.errors).toEqual([expect.objectContaining({ index: 1 })]);
    expect(problem.detail).toMatch(/1048576|1,048,576/);
    expect(await api.ledger.store.headPosition()).toBe(head);
  });

  it('with ?partial=true: the others are recorded and the oversized one is reported by index', async () => {
    api = await startApi({ bodyLimit: 4 * 1024 * 1024 });
    await seed(api.app);
    const head = await api.ledger.store.headPosition();
    const response = await post(api.app, [smallSource('ok-1'), oversized('big-1'), smallSource('ok-2')], { query: { partial: 'true' } });
    expect(response.statusCode).toBe(201);
    expect(response.json().failures).toEqual([expect.objectContaining({ index: 1, code: 'INVALID_STORE_INPUT' })]);
    expect(await api.ledger.store.headPosition()).toBe(head! + 2n);
  });

  it('Ledger.execute honours the limit the ledger was opened with', async () => {
    const ledger = await Ledger.open({ store: 'sqlite::memory:', maxEventBytes: 2_000 });
    try {
      const commands = [smallSource('a'), { type: 'RecordReport', reportId: 'r', outlet: 'o', title: 'y'.repeat(3_000) }].map((c) => parseCommand(c));
      const error = await ledger.execute(commands, { actor: 'test' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BatchRejectedError);
      expect(error).toMatchObject({ index: 1, code: 'INVALID_STORE_INPUT' });
      expect(await ledger.store.headPosition()).toBeNull();
    } finally {
      await ledger.close();
    }
  });
});
