import { describe, expect, it } from 'vitest';
import { checkpointDue } from '../../src/runtime/checkpoint-policy.js';

describe('when a periodic checkpoint is due', () => {
  it('after `every` new events while the log is short', () => {
    expect(checkpointDue(149_999n, 100_000n, 50_000)).toBe(false);
    expect(checkpointDue(150_000n, 100_000n, 50_000)).toBe(true);
    expect(checkpointDue(50_000n, 0n, 50_000)).toBe(true);
  });

  it('after a quarter of the log once that is more: a long log does not spend its time saving', () => {
    expect(checkpointDue(1_050_000n, 1_000_000n, 50_000)).toBe(false);
    expect(checkpointDue(1_249_999n, 1_000_000n, 50_000)).toBe(false);
    expect(checkpointDue(1_333_333n, 1_000_000n, 50_000)).toBe(true);
  });

  it('never with nothing new, whatever the interval', () => {
    expect(checkpointDue(10n, 10n, 1)).toBe(false);
    expect(checkpointDue(0n, 0n, 0)).toBe(false);
    expect(checkpointDue(3n, 2n, 1)).toBe(true);
  });
});
