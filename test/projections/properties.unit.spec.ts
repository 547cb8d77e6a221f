import { eventOf } from '../../src/domain/events.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amendClaim, retractClaim } from '../support/commands.js';
import { commandsFor, intents, PRELUDE, propertyRuns, subjectsOf, valueFor, type Vocabulary } from '../support/command-sequences.js';
import { logOf, type InMemoryLog } from '../support/in-memory-log.js';
import { bodiesAt, withoutLogCoordinates } from '../support/views.js';
import { asJson } from '../support/as-json.js';
import { history, keyBelongsTo, type HistoryEntry, type SubjectHistory } from '../../projections/claim-history.js';
import { canonicalOf, subjectsByCanonical } from '../../projections/as-of.js';
import { resolveSubject } from '../../projections/resolved-keys.js';
import { diff, type LedgerDiff } from '../../projections/diff.js';

const ONE: Vocabulary = {
  prefix: 'a-',
  transfers: ['transfer:a1', 'transfer:a2'],
  facilities: ['facility:ax', 'facility:ay', 'facility:az'],
  operations: ['operation:op'],
};
const OTHER: Vocabulary = { prefix: 'b-', transfers: ['transfer:b1', 'transfer:b2'], facilities: ['facility:bx', 'facility:by'], operations: [] };

/** What the current views resolve to, without where in the log they were read. */
const resolvedViews = (log: InMemoryLog, vocabulary: Vocabulary) => {
  const { transfers, counts, facilities } = bodiesAt(log.now(), subjectsOf(vocabulary));
  return withoutLogCoordinates({ transfers, counts, facilities });
};

describe('properties of the projections over any valid command sequence', () => {
  it('a retraction of an amendment brings back the value before it', () => {
    fc.assert(
      fc.property(intents(), fc.nat(), fc.nat(), fc.nat(), (steps, which, valueSeed, attribution) => {
        // given any sequence with at least one claim that can be amended
        const log = logOf(...PRELUDE);
        commandsFor([...steps, { kind: 'assert', subject: which, property: which, value: valueSeed, source: 0, report: 0, hedge: 0 }], ONE, log);
        const amendable = [...log.state.claims.keys()].filter((id) => {
          const claim = log.context().claim(id)!;
          return claim.retractedBy === undefined && claim.standingAmendments.length === 0;
        });
        const target = amendable[which % amendable.length]!;
        const property = log.context().claim(target)!.event.property;
        const before = resolvedViews(log, ONE);
        const beforeAmending = log.now();
        // when it is amended, and the amendment retracted
        log.record(
          amendClaim('zz-amendment', target, valueFor(property, valueSeed + 1, ONE), {
            sourceId: ['s-a', 's-c', 's-f'][attribution % 3]!,
            reportId: 'r-late',
            hedge: (['confirmed', 'unconfirmed'] as const)[attribution % 2]!,
          }),
          retractClaim('zz-retraction', 'zz-amendment', { sourceId: 's-f', reportId: 'r-late' }),
        );
        // then every view is as it was…
        expect(resolvedViews(log, ONE)).toEqual(before);
        // …and the history's retraction step resolves each key it touched to its value before the amendment
        const subject = log.state.claims.get(target)!.event.subject;
        const found = history(log.now(), subject)!;
        const recorded = subjectsByCanonical(beforeAmending).get(canonicalOf(beforeAmending, subject)) ?? [subject];
        const resolvedBefore = resolveSubject(beforeAmending, recorded);
        const retractionSteps = Object.entries(found.properties).flatMap(([key, entries]) =>
          entries.filter((e) => e.retractionId === 'zz-retraction').map((e) => [key, e.resolvedAfter] as const),
        );
        expect(retractionSteps.length).toBeGreaterThan(0);
        for (const [key, resolvedAfter] of retractionSteps) expect(asJson(resolvedAfter)).toEqual(asJson(resolvedBefore.get(key) ?? null));
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('reordering commands on unrelated subjects does not change any view', () => {
    fc.assert(
      fc.property(intents(20), intents(20), fc.array(fc.boolean(), { maxLength: 60 }), fc.array(fc.boolean(), { maxLength: 60 }), (stepsA, stepsB, mergeOne, mergeTwo) => {
        // given two sequences about disjoint subjects
        const commandsA = commandsFor(stepsA, ONE);
        const commandsB = commandsFor(stepsB, OTHER);
        // when they are interleaved in two different ways
        const one = logOf(...PRELUDE, ...interleave(commandsA, commandsB, mergeOne));
        const two = logOf(...PRELUDE, ...interleave(commandsA, commandsB, mergeTwo));
        // then every view, histories included, resolves the same
        const subjects = [...subjectsOf(ONE), ...subjectsOf(OTHER)];
        expect(withoutLogCoordinates(bodiesAt(two.now(), subjects))).toEqual(withoutLogCoordinates(bodiesAt(one.now(), subjects)));
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('as of any position equals a fresh fold of the events up to it', () => {
    fc.assert(
      fc.property(intents(), fc.nat(), (steps, cut) => {
        const log = logOf(...PRELUDE);
        commandsFor(steps, ONE, log);
        const p = BigInt(cut % (log.events.length + 1));
        const fresh = logOf();
        fresh.append(...log.events.filter((e) => e.position <= p).map(eventOf));
        expect(bodiesAt(log.at(p), subjectsOf(ONE))).toEqual(bodiesAt(fresh.now(), subjectsOf(ONE)));
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('a history after a position is the whole history from that position on', () => {
    fc.assert(
      fc.property(intents(), fc.nat(), fc.nat(), (steps, which, cut) => {
        const log = logOf(...PRELUDE);
        commandsFor(steps, ONE, log);
        const subjects = subjectsOf(ONE);
        const subject = subjects[which % subjects.length]!;
        const after = BigInt(cut % (log.events.length + 1));
        // one view for both, as a diff asks one view for every subject
        const view = log.now();
        const whole = history(view, subject);
        const later = Object.fromEntries(
          Object.entries(whole?.properties ?? {})
            .map(([key, entries]) => [key, entries.filter((entry) => entry.position > after)] as const)
            .filter(([, entries]) => entries.length > 0),
        );
        expect(history(view, subject, { after })?.properties).toEqual(whole && later);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('each step of a history resolves its keys as the whole subject does as of that step', () => {
    fc.assert(
      fc.property(intents(), fc.nat(), (steps, which) => {
        // given any sequence and any subject of it
        const log = logOf(...PRELUDE);
        commandsFor(steps, ONE, log);
        const subjects = subjectsOf(ONE);
        const subject = subjects[which % subjects.length]!;
        // when its history is taken
        const found = history(log.now(), subject);
        // then each entry holds its key's value in a resolution of every property of the
        // subject's group as of the entry (a step resolves only the properties it touched)
        for (const [key, entries] of Object.entries(found?.properties ?? {})) {
          for (const entry of entries) {
            const at = log.at(entry.position);
            const about = entry.claimId === null ? found!.subject : log.state.claims.get(entry.claimId)!.event.subject;
            const group = subjectsByCanonical(at).get(canonicalOf(at, about)) ?? [about];
            expect(asJson(entry.resolvedAfter), `${key} at ${entry.position}`).toEqual(asJson(resolveSubject(at, group).get(key) ?? null));
          }
        }
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('a history narrowed to a property is the whole history under the keys of that property', () => {
    fc.assert(
      fc.property(intents(), fc.nat(), fc.nat(), (steps, which, pick) => {
        // given any sequence, any subject of it and any property claimed about it
        const log = logOf(...PRELUDE);
        commandsFor(steps, ONE, log);
        const subjects = subjectsOf(ONE);
        const subject = subjects[which % subjects.length]!;
        const whole = history(log.now(), subject);
        const claimed = [...new Set([...log.state.claims.values()].map((claim) => claim.event.property))].sort();
        if (whole === undefined || claimed.length === 0) return;
        const property = claimed[pick % claimed.length]!;
        // when the history is narrowed to it
        const narrowed = history(log.now(), subject, { property });
        // then it holds exactly the whole history's entries under that property's keys
        const expected = Object.fromEntries(Object.entries(whole.properties).filter(([key]) => keyBelongsTo(key, property)));
        expect(narrowed?.properties).toEqual(expected);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('the pages of a history, each after the one before, add up to the whole history', () => {
    fc.assert(
      fc.property(intents(), fc.nat(), fc.integer({ min: 1, max: 5 }), (steps, which, limit) => {
        // given any sequence and any subject of it
        const log = logOf(...PRELUDE);
        commandsFor(steps, ONE, log);
        const subjects = subjectsOf(ONE);
        const subject = subjects[which % subjects.length]!;
        const view = log.now();
        const whole = history(view, subject);
        if (whole === undefined) return;
        // when it is read a page of `limit` steps at a time, each after the previous page's next
        const pages: SubjectHistory[] = [];
        let after: bigint | undefined;
        do {
          const page = history(view, subject, { after, limit })!;
          pages.push(page);
          after = page.next ?? undefined;
        } while (after !== undefined && pages.length <= log.events.length);
        // then no page holds more than `limit` steps, only the last has no next,
        const stepsOfPage = (page: SubjectHistory) => new Set(Object.values(page.properties).flatMap((entries) => entries.map((e) => e.position)));
        for (const page of pages) expect(stepsOfPage(page).size).toBeLessThanOrEqual(limit);
        expect(pages.map((page) => page.next === null)).toEqual(pages.map((_, i) => i === pages.length - 1));
        // and together they are the whole history, in order
        const joined: Record<string, HistoryEntry[]> = {};
        for (const page of pages) for (const [key, entries] of Object.entries(page.properties)) (joined[key] ??= []).push(...entries);
        expect(joined).toEqual(whole.properties);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('the pages of a diff, each after the one before, add up to the whole diff', () => {
    fc.assert(
      fc.property(intents(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 3 }), (steps, cutA, cutB, limit) => {
        // given any sequence and two points of it
        const log = logOf(...PRELUDE);
        commandsFor(steps, ONE, log);
        const [from, to] = [cutA, cutB].map((cut) => BigInt(cut % (log.events.length + 1))).sort((a, b) => (a < b ? -1 : 1)) as [bigint, bigint];
        const whole = diff(log.state, from, to);
        // when it is read `limit` changed subjects at a time, each page after the previous one's next
        const pages: LedgerDiff[] = [];
        let after: string | undefined;
        do {
          const page = diff(log.state, from, to, { after, limit });
          pages.push(page);
          after = page.next ?? undefined;
        } while (after !== undefined && pages.length <= log.events.length);
        // then no page holds more than `limit` subjects, only the last has no next,
        for (const page of pages) expect(new Set(page.changes.map((change) => change.subject)).size).toBeLessThanOrEqual(limit);
        expect(pages.map((page) => page.next === null)).toEqual(pages.map((_, i) => i === pages.length - 1));
        // and together they are the whole diff, in order
        expect(pages.flatMap((page) => page.changes)).toEqual(whole.changes);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});

/** Merges two sequences, keeping the order within each; `choices` says which goes next. */
function interleave<T>(a: readonly T[], b: readonly T[], choices: readonly boolean[]): T[] {
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; i < a.length || j < b.length; k += 1) {
    const takeA = j >= b.length || (i < a.length && (choices[k % Math.max(choices.length, 1)] ?? true));
    merged.push(takeA ? a[i++]! : b[j++]!);
  }
  return merged;
}
