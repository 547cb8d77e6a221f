import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/domain/compare-text.js';
import { pageOf } from '../../src/runtime/list-page.js';

const sortedSubjects = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 40 })
  .map((subjects) => subjects.sort(compareText).map((subject) => ({ subject })));

describe('pageOf', () => {
  it('following next from the start visits every entry once, in order, in pages of at most limit', () => {
    fc.assert(
      fc.property(sortedSubjects, fc.integer({ min: 1, max: 50 }), (entries, limit) => {
        const visited: { subject: string }[] = [];
        let after: string | undefined;
        for (let pages = 0; ; pages += 1) {
          expect(pages).toBeLessThanOrEqual(entries.length);
          const page = pageOf(entries, { after, limit });
          expect(page.entries.length).toBeLessThanOrEqual(limit);
          visited.push(...page.entries);
          if (page.next === null) break;
          expect(page.entries).toHaveLength(limit);
          after = page.next;
        }
        expect(visited).toEqual(entries);
      }),
    );
  });

  it('starts after any cursor, listed or not: the entries that sort after it', () => {
    fc.assert(
      fc.property(sortedSubjects, fc.string({ maxLength: 6 }), (entries, after) => {
        const page = pageOf(entries, { after });
        expect(page.entries).toEqual(entries.filter((e) => compareText(e.subject, after) > 0));
        expect(page.next).toBeNull();
      }),
    );
  });

  it('without a limit or a cursor: the whole list', () => {
    const entries = [{ subject: 'a' }, { subject: 'b' }];
    expect(pageOf(entries, {})).toEqual({ entries, next: null });
  });
});
