import type { ResolvedValue } from '../src/domain/resolution.js';
import { sameJson } from '../src/domain/same-json.js';
import { asOf, subjectsByCanonical } from './as-of.js';
import { history, type HistoryEntry } from './claim-history.js';
import type { LedgerState } from './ledger-state.js';
import { resolveSubject } from './resolved-keys.js';
import { viewLookups } from './view-lookups.js';
import { compareText } from '../src/domain/compare-text.js';

export interface ResolvedChange {
  subject: string;
  key: string;
  before: ResolvedValue | null;
  after: ResolvedValue | null;
  /** The events between the two points that touched this key. */
  events: HistoryEntry[];
}

export interface LedgerDiff {
  from: bigint;
  to: bigint;
  changes: ResolvedChange[];
}

/** The resolved values that differ between two positions, and the events that changed them. */
export function diff(state: LedgerState, from: bigint, to: bigint): LedgerDiff {
  const later = asOf(state, to);
  const earlier = asOf(state, from);
  const changes: ResolvedChange[] = [];
  // Shared by every subject of each view, as the views' own resolutions share theirs.
  const lookupsBefore = viewLookups(earlier);
  const lookupsAfter = viewLookups(later);
  for (const [subject, recorded] of [...subjectsByCanonical(later)].sort(([a], [b]) => compareText(a, b))) {
    const before = resolveSubject(earlier, recorded, lookupsBefore);
    const after = resolveSubject(later, recorded, lookupsAfter);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    const changed = keys.filter((key) => !sameJson(before.get(key) ?? null, after.get(key) ?? null));
    if (changed.length === 0) continue;
    const steps = history(later, subject, { after: earlier.position })?.properties ?? {};
    for (const key of changed) {
      changes.push({ subject, key, before: before.get(key) ?? null, after: after.get(key) ?? null, events: steps[key] ?? [] });
    }
  }
  return { from: earlier.position, to: later.position, changes };
}
