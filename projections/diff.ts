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
  /**
   * Asked for with `after` or `limit` (a page): the `after` of the next page, the last subject
   * of this one; null when no later subject changed.
   */
  next?: string | null;
}

/** Which part of a diff to tell: subjects in code-point order, as the list views page. */
export interface DiffRequest {
  /** Only the subjects after this one: the `next` of the previous page. */
  after?: string | undefined;
  /** At most this many subjects that changed, each with every key of it that changed. */
  limit?: number | undefined;
}

/**
 * The resolved values that differ between two positions, and the events that changed them,
 * by subject. Every subject is resolved at both points to find the ones that changed; a page
 * stops at the first changed subject past its limit, and takes no history of it.
 */
export function diff(state: LedgerState, from: bigint, to: bigint, request: DiffRequest = {}): LedgerDiff {
  const { after: cursor, limit } = request;
  const later = asOf(state, to);
  const earlier = asOf(state, from);
  const changes: ResolvedChange[] = [];
  // Shared by every subject of each view, as the views' own resolutions share theirs.
  const lookupsBefore = viewLookups(earlier);
  const lookupsAfter = viewLookups(later);
  let told = 0;
  let last: string | undefined;
  let next: string | null = null;
  for (const [subject, recorded] of [...subjectsByCanonical(later)].sort(([a], [b]) => compareText(a, b))) {
    if (cursor !== undefined && compareText(subject, cursor) <= 0) continue;
    const before = resolveSubject(earlier, recorded, lookupsBefore);
    const after = resolveSubject(later, recorded, lookupsAfter);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    const changed = keys.filter((key) => !sameJson(before.get(key) ?? null, after.get(key) ?? null));
    if (changed.length === 0) continue;
    if (limit !== undefined && told >= limit) {
      next = last ?? cursor ?? '';
      break;
    }
    const steps = history(later, subject, { after: earlier.position })?.properties ?? {};
    for (const key of changed) {
      changes.push({ subject, key, before: before.get(key) ?? null, after: after.get(key) ?? null, events: steps[key] ?? [] });
    }
    told += 1;
    last = subject;
  }
  const whole: LedgerDiff = { from: earlier.position, to: later.position, changes };
  return cursor === undefined && limit === undefined ? whole : { ...whole, next };
}
