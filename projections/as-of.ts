import { chainOf, firstAfter, type ClaimRecord, type LedgerState } from './ledger-state.js';

/**
 * Reads of the state as it stood at a position (inclusive). Every view goes through these,
 * so "now" and "as of p" are the same code with a different bound.
 */
export interface AsOf {
  state: LedgerState;
  position: bigint;
  /** How many events were recorded by the position: a claim table's rows are tested against it. */
  events: number;
}

export function now(state: LedgerState): AsOf {
  return { state, position: state.position, events: state.eventCount };
}

export function asOf(state: LedgerState, position: bigint): AsOf {
  if (position >= state.position) return now(state);
  return { state, position, events: firstAfter(state.timeline.positions, position) };
}

/** Follows aliases recorded by then to the canonical subject. */
export function canonicalOf(view: AsOf, subject: string): string {
  let current = subject;
  for (let hops = 0; hops <= view.state.aliases.size; hops += 1) {
    const alias = view.state.aliases.get(current);
    if (!alias || alias.position > view.position) return current;
    current = alias.event.canonical;
  }
  return current;
}

export function isVisible(view: AsOf, record: { position: bigint }): boolean {
  return record.position <= view.position;
}

export function isRetracted(view: AsOf, claim: ClaimRecord): boolean {
  return claim.retraction !== undefined && claim.retraction.position <= view.position;
}

/**
 * The link of an amendment chain that stands: the newest member recorded by then that was
 * not retracted by then. Retracting an amendment therefore brings back the value before it.
 */
export function standingLink(view: AsOf, root: string): ClaimRecord | undefined {
  const first = view.state.claims.find(root);
  const link = first === undefined ? -1 : standingRow(view, first);
  return link < 0 ? undefined : view.state.claims.recordAt(link);
}

/** The row of `standingLink` of the chain whose first claim is at row `root`; -1 when none stands. */
export function standingRow(view: AsOf, root: number): number {
  const { claims } = view.state;
  // Every later member of a chain amends an earlier one, so a root nobody amended is a chain
  // of one: most chains, and this skips looking the chain up in a map of every chain.
  if (!claims.isAmended(root)) return claims.standsWithin(root, view.events) ? root : -1;
  const members = chainOf(view.state, claims.idOf(root));
  for (let i = members.length - 1; i >= 0; i -= 1) {
    const row = claims.find(members[i]!)!;
    if (claims.standsWithin(row, view.events)) return row;
  }
  return -1;
}

/** Subjects grouped at a position. */
interface Grouping {
  position: bigint;
  eventCount: number;
  groups: ReadonlyMap<string, readonly string[]>;
}

/**
 * The last answer of `subjectsByCanonical` per state: every view read at one position asks for
 * it (transfers, facilities, counts, one transfer, a history), and at a million events it
 * walks ~100k subjects (~10 ms). As with the views' own answers, the event count moves with
 * every fold, so a hit is always current; asked at a later position, the answer is made from
 * this one (see `extended`).
 */
const lastGrouping = new WeakMap<LedgerState, Grouping>();

/** Recorded subjects grouped under the canonical subject they fold into. */
export function subjectsByCanonical(view: AsOf): ReadonlyMap<string, readonly string[]> {
  const last = lastGrouping.get(view.state);
  if (last && last.position === view.position && last.eventCount === view.state.eventCount) return last.groups;
  const grouping = (last && extended(view, last)) ?? grouped(view);
  lastGrouping.set(view.state, grouping);
  return grouping.groups;
}

function grouped(view: AsOf): Grouping {
  const groups = new Map<string, string[]>();
  for (const [subject, byProperty] of view.state.chainRoots) {
    if (hasVisibleClaim(view, byProperty)) add(groups, canonicalOf(view, subject), subject);
  }
  for (const alias of view.state.aliases.values()) {
    if (!isVisible(view, alias)) continue;
    const canonical = canonicalOf(view, alias.event.canonical);
    if (!groups.has(canonical)) groups.set(canonical, [canonical]);
  }
  return { position: view.position, eventCount: view.state.eventCount, groups };
}

/**
 * The grouping at the view's position made from one at an earlier position of the same state:
 * a subject with a claim by then still has one later, so only subjects whose first claim came
 * in between join a group. Undefined where that does not hold or does not pay: an alias
 * recorded in between moves subjects between groups, and past a quarter of the log (see
 * `changesSince`). An earlier answer is never changed: new subjects go into a copy.
 */
function extended(view: AsOf, earlier: Grouping): Grouping | undefined {
  if (earlier.position >= view.position) return undefined;
  const changes = changesSince(view, earlier.position);
  if (!changes || (changes.noClaimChanged && aliasedSince(view, earlier.position))) return undefined;
  let copy: Map<string, readonly string[]> | undefined;
  for (const subject of changes.subjects) {
    const canonical = canonicalOf(view, subject);
    const recorded = (copy ?? earlier.groups).get(canonical) ?? [];
    if (recorded.includes(subject)) continue;
    copy ??= new Map(earlier.groups);
    // The group's list may be the earlier answer's: extended by copy, never by push.
    copy.set(canonical, [...recorded, subject]);
  }
  return { position: view.position, eventCount: view.state.eventCount, groups: copy ?? earlier.groups };
}

/** What the events after one position, up to the view's, changed. */
export interface Changes {
  /** Subjects whose claims changed, each the subject its claim's chain is filed under, in log order. */
  subjects: Set<string>;
  /** Whether an event in between changed no claim: an alias, a report or a source recorded. */
  noClaimChanged: boolean;
}

/**
 * What changed after `from` up to the view's position, read from the timeline; undefined past
 * a quarter of the log, where redoing a view whole costs about as much as finding out.
 */
export function changesSince(view: AsOf, from: bigint): Changes | undefined {
  const { positions, subjects } = view.state.timeline;
  const start = firstAfter(positions, from);
  const end = firstAfter(positions, view.position);
  if (end - start > positions.length / 4) return undefined;
  const changed = new Set<string>();
  let noClaimChanged = false;
  for (let i = start; i < end; i += 1) {
    const subject = subjects[i];
    if (subject) changed.add(subject);
    else noClaimChanged = true;
  }
  return { subjects: changed, noClaimChanged };
}

/** Whether a record was recorded after `from`, up to the view's position. */
export function recordedSince(view: AsOf, from: bigint, record: { position: bigint }): boolean {
  return record.position > from && record.position <= view.position;
}

/** Whether a subject was aliased after `from`, up to the view's position. */
export function aliasedSince(view: AsOf, from: bigint): boolean {
  for (const alias of view.state.aliases.values()) if (recordedSince(view, from, alias)) return true;
  return false;
}

function hasVisibleClaim(view: AsOf, byProperty: Map<string, string[]>): boolean {
  const { claims } = view.state;
  for (const roots of byProperty.values()) {
    for (const root of roots) if (claims.recordedWithin(claims.find(root)!, view.events)) return true;
  }
  return false;
}

function add(groups: Map<string, string[]>, key: string, subject: string): void {
  const list = groups.get(key);
  if (list) list.push(subject);
  else groups.set(key, [subject]);
}

/**
 * Every alias (recorded by then) by the canonical subject it folds into, each list sorted.
 * One walk of the aliases for all subjects: a walk per subject made facilities quadratic.
 */
export function aliasesByCanonical(view: AsOf): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [alias, record] of view.state.aliases) {
    if (isVisible(view, record)) add(groups, canonicalOf(view, alias), alias);
  }
  for (const aliases of groups.values()) aliases.sort();
  return groups;
}
