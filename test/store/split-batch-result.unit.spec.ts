import { describe, expect, it } from 'vitest';
import { splitBatchResult, type BatchResult } from '../../src/store/sqlite/write-batch.js';

const written = (position: bigint) => ({ ok: true as const, result: { success: true as const, nextExpectedRevision: 0n, position } });

describe('one transaction answered as the batches merged into it', () => {
  it('gives each batch its own outcomes in order, and marks every one after the first as joined', () => {
    const result: BatchResult = { outcomes: [written(1n), written(2n), written(3n), written(4n)], committed: true };
    expect(splitBatchResult(result, [1, 2, 1])).toEqual([
      { outcomes: [written(1n)], committed: true },
      { outcomes: [written(2n), written(3n)], committed: true, joined: true },
      { outcomes: [written(4n)], committed: true, joined: true },
    ]);
  });

  it('fails every batch of an abandoned transaction', () => {
    const failure = { ok: false as const, failure: { kind: 'sqlite' as const, code: 'SQLITE_FULL', message: 'disk full' } };
    const answers = splitBatchResult({ outcomes: [failure, failure, failure], committed: false }, [2, 1]);
    expect(answers.map((answer) => [answer.committed, answer.outcomes.length])).toEqual([
      [false, 2],
      [false, 1],
    ]);
  });
});
