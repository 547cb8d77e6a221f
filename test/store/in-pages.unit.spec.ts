import { describe, expect, it } from 'vitest';
import { inPages } from '../../src/store/in-pages.js';
import { collect } from '../contract/features/context.js';

async function* count(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

describe('inPages (EventStoreDB’s readAllPages)', () => {
  it.each([
    [0, []],
    [1, [[0]]],
    [3, [[0, 1, 2]]],
    [7, [[0, 1, 2], [3, 4, 5], [6]]],
  ])('%i items in pages of 3', async (n, pages) => {
    expect(await collect(inPages(count(n), 3))).toEqual(pages);
  });

  it('stops reading when the consumer stops', async () => {
    let read = 0;
    async function* counted() {
      for (let i = 0; i < 100; i++) {
        read++;
        yield i;
      }
    }
    for await (const page of inPages(counted(), 10)) {
      expect(page).toHaveLength(10);
      break;
    }
    expect(read).toBe(10);
  });
});
