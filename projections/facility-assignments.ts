import type { ResolvedValue } from '../src/domain/resolution.js';
import { subjectKind } from '../src/domain/ids.js';
import { aliasesByCanonical, subjectsByCanonical, type AsOf } from './as-of.js';
import { resolveGroupsSince, type ResolvedGroups } from './group-refresh.js';
import type { LedgerState } from './ledger-state.js';
import { transfers, type TransferView } from './transfers.js';
import { compareText } from '../src/domain/compare-text.js';

export interface FacilityView {
  subject: string;
  aliases: string[];
  name: ResolvedValue | null;
  location: ResolvedValue | null;
  transfers: { transfer: string; assignment: ResolvedValue; quantity: ResolvedValue | null }[];
  sources: string[];
}

/** An answer, and what it was made from: the next answer for the same state starts from it. */
interface FacilitiesAnswer {
  /** The state's event count when it was made: an answer at the same position and count is current. */
  eventCount: number;
  groups: ResolvedGroups;
  /** The transfers answer the assignments were read from. */
  assigned: readonly TransferView[];
  byFacility: ReadonlyMap<string, FacilityView>;
  list: FacilityView[];
}

const lastAnswer = new WeakMap<LedgerState, FacilitiesAnswer>();

/**
 * Every facility (aliases merged) with the transfers assigned to it. Asked again after a few
 * more events, only the facilities those events touched are made again: at a million events
 * (600 facilities, 84k assignments) making every one took ~70 ms after each write, most of it
 * gathering each facility's sources from every assignment and every alternative behind it.
 */
export function facilities(view: AsOf): FacilityView[] {
  const last = lastAnswer.get(view.state);
  if (last && last.groups.position === view.position && last.eventCount === view.state.eventCount) return last.list;
  const groups = [...subjectsByCanonical(view)].filter(([subject]) => subjectKind(subject) === 'facility');
  const resolved = resolveGroupsSince(view, groups, last?.groups);
  const assigned = transfers(view);
  // The same look-ups mean the groups were refreshed, not made whole: no alias came in
  // between, so no facility changed its name or aliases.
  const answer =
    last && resolved.lookups === last.groups.lookups
      ? refreshed(view, last, resolved, assigned, touchedSince(last, resolved, assigned))
      : whole(view, resolved, assigned);
  lastAnswer.set(view.state, answer);
  return answer.list;
}

function whole(view: AsOf, groups: ResolvedGroups, assigned: readonly TransferView[]): FacilitiesAnswer {
  const byFacility = made(groups, assigned, aliasesByCanonical(view), () => true);
  const list = [...byFacility.values()].sort((a, b) => compareText(a.subject, b.subject));
  return { eventCount: view.state.eventCount, groups, assigned, byFacility, list };
}

/**
 * The facilities whose view may differ from the last answer's: those a transfer's view that
 * is new, or gone, assigns, and those whose own resolved keys are not the same object.
 */
function touchedSince(last: FacilitiesAnswer, groups: ResolvedGroups, assigned: readonly TransferView[]): Set<string> {
  const touched = new Set<string>();
  const addAssigned = (views: readonly TransferView[], others: ReadonlySet<TransferView>) => {
    for (const t of views) if (!others.has(t)) for (const { facility } of t.facilities) touched.add(facility);
  };
  addAssigned(assigned, new Set(last.assigned));
  addAssigned(last.assigned, new Set(assigned));
  for (const [subject, keys] of groups.resolved) if (last.groups.resolved.get(subject) !== keys) touched.add(subject);
  for (const subject of last.groups.resolved.keys()) if (!groups.resolved.has(subject)) touched.add(subject);
  return touched;
}

function refreshed(
  view: AsOf,
  last: FacilitiesAnswer,
  groups: ResolvedGroups,
  assigned: readonly TransferView[],
  touched: ReadonlySet<string>,
): FacilitiesAnswer {
  if (touched.size === 0) return { ...last, eventCount: view.state.eventCount, groups, assigned };
  const byFacility = new Map(last.byFacility);
  for (const subject of touched) byFacility.delete(subject);
  const remade = made(groups, assigned, aliasesByCanonical(view), (subject) => touched.has(subject));
  for (const [subject, facility] of remade) byFacility.set(subject, facility);
  // Only a touched facility can have come or gone.
  const sameFacilities = [...touched].every((subject) => byFacility.has(subject) === last.byFacility.has(subject));
  const list = sameFacilities
    ? last.list.map((facility) => byFacility.get(facility.subject)!)
    : [...byFacility.values()].sort((a, b) => compareText(a.subject, b.subject));
  return { eventCount: view.state.eventCount, groups, assigned, byFacility, list };
}

/**
 * The views of the facilities `wanted` holds: each with a resolved group, or assigned a
 * transfer, with its assignments in the transfers' order.
 */
function made(
  groups: ResolvedGroups,
  assigned: readonly TransferView[],
  aliases: ReadonlyMap<string, string[]>,
  wanted: (subject: string) => boolean,
): Map<string, FacilityView> {
  const byFacility = new Map<string, FacilityView>();
  const facilityOf = (subject: string): FacilityView => {
    let found = byFacility.get(subject);
    if (!found) {
      found = { subject, aliases: aliases.get(subject) ?? [], name: null, location: null, transfers: [], sources: [] };
      byFacility.set(subject, found);
    }
    return found;
  };
  for (const [subject, keys] of groups.resolved) {
    if (!wanted(subject)) continue;
    const facility = facilityOf(subject);
    facility.name = keys.get('facility.name') ?? null;
    facility.location = keys.get('facility.location') ?? null;
  }
  for (const t of assigned) {
    for (const { facility, assignment, quantity } of t.facilities) {
      if (wanted(facility)) facilityOf(facility).transfers.push({ transfer: t.subject, assignment, quantity });
    }
  }
  for (const facility of byFacility.values()) facility.sources = sourcesOf(facility);
  return byFacility;
}

function sourcesOf(facility: FacilityView): string[] {
  const sources = new Set<string>();
  addSources(sources, facility.name);
  addSources(sources, facility.location);
  for (const t of facility.transfers) {
    addSources(sources, t.assignment);
    addSources(sources, t.quantity);
  }
  return [...sources].sort();
}

function addSources(sources: Set<string>, resolved: ResolvedValue | null): void {
  if (!resolved) return;
  sources.add(resolved.sourceId);
  resolved.alternatives.addSourceIdsTo(sources);
}
