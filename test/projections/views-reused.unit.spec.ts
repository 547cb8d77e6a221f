import { eventOf } from '../../src/domain/events.js';
import { describe, expect, it } from 'vitest';
import { subjectsByCanonical } from '../../projections/as-of.js';
import { counts } from '../../projections/counts.js';
import { facilities } from '../../projections/facility-assignments.js';
import { aliasSubject, amendClaim, assertClaim, atMost, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { InMemoryLog, logOf } from '../support/in-memory-log.js';

const T1 = 'transfer:t1';
const T2 = 'transfer:t2';
const FA = 'facility:a';
const FB = 'facility:b';
const OP = 'operation:op';

/**
 * Two transfers, each assigned to a facility, and an operation's planned total, then enough
 * claims that one more is far less than a quarter of the log (past that, views are made whole).
 */
const story = () =>
  logOf(
    registerSource('s1'),
    recordReport('r1'),
    assertClaim('p1', OP, 'planned.total', atMost(500)),
    assertClaim('a1', T1, 'facility.assignment', { facility: FA, quantity: exact(10) }),
    assertClaim('a2', T2, 'facility.assignment', { facility: FB, quantity: exact(20) }),
    assertClaim('g2', T2, 'detainees.byGroup', { men: exact(20) }),
    ...Array.from({ length: 30 }, (_, i) => assertClaim(`c${i}`, i % 2 ? T1 : T2, 'detainees.count', exact(30 + i))),
  );

/** The same events folded at once into a state never read before. */
const foldedAtOnce = (log: InMemoryLog) => new InMemoryLog().append(...log.events.map(eventOf));

/** Groups with their subjects in a fixed order: a group's list is a set of subjects. */
const groupsOf = (groups: ReadonlyMap<string, readonly string[]>) =>
  Object.fromEntries([...groups].map(([canonical, recorded]) => [canonical, [...recorded].sort()]));

describe('views read again after a few more events reuse what those events did not change', () => {
  it('keep the subject groups, and add a subject first claimed since to a copy', () => {
    // given the groups read once
    const log = story();
    const first = subjectsByCanonical(log.now());

    // when a claim about a subject already grouped is recorded
    log.record(assertClaim('more', T1, 'status', 'completed'));
    // then the groups are the same answer
    expect(subjectsByCanonical(log.now())).toBe(first);

    // when the first claim about a new subject is recorded
    log.record(assertClaim('new', 'transfer:t3', 'status', 'planned'));
    const third = subjectsByCanonical(log.now());
    // then it joins a new answer, the earlier one is left as it was, and the new one is what a fresh fold groups
    expect(third).not.toBe(first);
    expect(first.has('transfer:t3')).toBe(false);
    expect(groupsOf(third)).toEqual(groupsOf(subjectsByCanonical(foldedAtOnce(log).now())));

    // when an alias is recorded, which moves subjects between groups
    log.record(aliasSubject('transfer:t3', T1));
    // then the groups are made again, as a fresh fold groups them
    expect(groupsOf(subjectsByCanonical(log.now()))).toEqual(groupsOf(subjectsByCanonical(foldedAtOnce(log).now())));
    expect(subjectsByCanonical(log.now()).get(T1)).toEqual(expect.arrayContaining([T1, 'transfer:t3']));
  });

  it('answer the facilities a new claim did not touch with their earlier views', () => {
    // given the facilities read once
    const log = story();
    const first = facilities(log.now());

    // when a claim about the transfer assigned to one facility is recorded
    log.record(assertClaim('more', T2, 'detainees.count', exact(99)));
    const second = facilities(log.now());

    // then the other facility is the same view, that one is made again, and both are what a fresh fold gives
    expect(second.find((f) => f.subject === FA)).toBe(first.find((f) => f.subject === FA));
    expect(second.find((f) => f.subject === FB)).not.toBe(first.find((f) => f.subject === FB));
    expect(second).toEqual(facilities(foldedAtOnce(log).now()));
  });

  it('add a facility a new claim assigns, and drop it when that claim is retracted', () => {
    // given the facilities read once
    const log = story();
    facilities(log.now());

    // when a transfer is assigned to a facility nothing named before
    log.record(assertClaim('to-c', T1, 'facility.assignment', { facility: 'facility:c' }));
    const added = facilities(log.now());
    // then it is listed in its place, as a fresh fold lists it
    expect(added.map((f) => f.subject)).toEqual([FA, FB, 'facility:c']);
    expect(added).toEqual(facilities(foldedAtOnce(log).now()));

    // when that assignment is retracted
    log.record(retractClaim('x-c', 'to-c'));
    const dropped = facilities(log.now());
    // then the facility is gone again
    expect(dropped.map((f) => f.subject)).toEqual([FA, FB]);
    expect(dropped).toEqual(facilities(foldedAtOnce(log).now()));
  });

  it('keep the planned total and the checks of transfers no claim changed', () => {
    // given the counts read once
    const log = story();
    const first = counts(log.now());
    const checksOf = (c: typeof first, subject: string) => c.checks.filter((check) => check.subject === subject);
    expect(checksOf(first, T2)).toHaveLength(2);

    // when a claim about one transfer is recorded
    log.record(assertClaim('more', T1, 'detainees.count', exact(99)));
    const second = counts(log.now());
    // then the planned total and the other transfer's checks are the same objects
    expect(second.planned).toBe(first.planned);
    expect(checksOf(second, T2)[0]).toBe(checksOf(first, T2)[0]);
    expect(second).toEqual(counts(foldedAtOnce(log).now()));

    // when the planned total is amended
    log.record(amendClaim('p2', 'p1', atMost(400)));
    const third = counts(log.now());
    // then the total is found again, as a fresh fold finds it
    expect(third.planned?.value).toEqual(atMost(400));
    expect(third).toEqual(counts(foldedAtOnce(log).now()));
  });
});
