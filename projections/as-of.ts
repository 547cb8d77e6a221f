import { chainOf, type ClaimRecord, type LedgerState } from './ledger-state.js';

/**
 * Reads of the state as it stood at a position (inclusive). Every view goes through these,
 * so "now" and "as of p" are the same code with a different bound.
 */
export interface AsOf {
  state: LedgerState;
  position: bigint;
}

export function now(state: LedgerState): AsOf {
  return { state, position: state.position };
}

export function asOf(state: LedgerState, position: bigint): AsOf {
  return { state, position: position < state.position ? position : state.position };
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
  const first = view.state.claims.get(root);
  return first ? standingLinkOf(view, first) : standingMember(view, root);
}

/** `standingLink` of the chain whose first claim is `root`. */
export function standingLinkOf(view: AsOf, root: ClaimRecord): ClaimRecord | undefined {
  // Every later member of a chain amends an earlier one, so a root nobody amended is a chain
  // of one: most chains, and this skips looking the chain up in a map of every chain.
  if (root.amendedBy.length === 0) return isStanding(view, root) ? root : undefined;
  return standingMember(view, root.root);
}

function standingMember(view: AsOf, root: string): ClaimRecord | undefined {
  const members = chainOf(view.state, root);
  for (let i = members.length - 1; i >= 0; i -= 1) {
    const claim = view.state.claims.get(members[i]!)!;
    if (isStanding(view, claim)) return claim;
  }
  return undefined;
}

function isStanding(view: AsOf, claim: ClaimRecord): boolean {
  return isVisible(view, claim) && !isRetracted(view, claim);
}

/**
 * The last answer of `subjectsByCanonical` per state: every view read at one position asks for
 * it (transfers, facilities, counts, one transfer, a history), and at a million events it
 * walks thousands of subjects. As with the views' own answers, the event count moves with
 * every fold, so a hit is always current.
 */
const lastGroups = new WeakMap<LedgerState, { position: bigint; eventCount: number; groups: ReadonlyMap<string, readonly string[]> }>();

/** Recorded subjects grouped under the canonical subject they fold into. */
export function subjectsByCanonical(view: AsOf): ReadonlyMap<string, readonly string[]> {
  const last = lastGroups.get(view.state);
  if (last && last.position === view.position && last.eventCount === view.state.eventCount) return last.groups;
  const groups = grouped(view);
  lastGroups.set(view.state, { position: view.position, eventCount: view.state.eventCount, groups });
  return groups;
}

function grouped(view: AsOf): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [subject, byProperty] of view.state.chainRoots) {
    if (hasVisibleClaim(view, byProperty)) add(groups, canonicalOf(view, subject), subject);
  }
  for (const alias of view.state.aliases.values()) {
    if (!isVisible(view, alias)) continue;
    const canonical = canonicalOf(view, alias.event.canonical);
    if (!groups.has(canonical)) groups.set(canonical, [canonical]);
  }
  return groups;
}

function hasVisibleClaim(view: AsOf, byProperty: Map<string, string[]>): boolean {
  for (const roots of byProperty.values()) {
    for (const root of roots) if (isVisible(view, view.state.claims.get(root)!)) return true;
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
