import { aliasedSince, changesSince, recordedSince, type AsOf } from './as-of.js';
import { resolveGroups, resolveSubject, type ResolvedKeys } from './resolved-keys.js';
import { viewLookups, type ViewLookups } from './view-lookups.js';

/**
 * Groups (canonical subject → the recorded subjects folded into it) resolved at a position.
 * A view asked again after a few more events re-resolves only the groups those events
 * changed: at a million events, resolving every transfer again takes seconds, and a ledger
 * taking claims while being read would otherwise do that for every read after every write.
 */
export interface ResolvedGroups {
  position: bigint;
  resolved: Map<string, ResolvedKeys>;
  /**
   * The look-ups the groups were resolved with, reused by the next answer: what they hold
   * (reports' times, sources' ranks, facilities' canonical names) does not change while the
   * conditions of `subjectsChangedSince` hold.
   */
  lookups: ViewLookups;
}

/** Counts answers by how they were made (a test seam: the refresh must be taken, not only be right). */
export const refreshCounts = { whole: 0, partial: 0 };

/**
 * `resolveGroups` at the view's position, from `earlier` (an answer for the same state at an
 * earlier position) where it can be: a group keeps its earlier keys (the same object) unless
 * one of its subjects changed in between.
 */
export function resolveGroupsSince(
  view: AsOf,
  groups: readonly (readonly [string, readonly string[]])[],
  earlier: ResolvedGroups | undefined,
): ResolvedGroups {
  const changed = earlier && earlier.position < view.position ? subjectsChangedSince(view, earlier) : undefined;
  if (!earlier || !changed) {
    refreshCounts.whole += 1;
    const lookups = viewLookups(view);
    return { position: view.position, resolved: resolveGroups(view, groups, lookups), lookups };
  }
  refreshCounts.partial += 1;
  const resolved = new Map<string, ResolvedKeys>();
  for (const [canonical, recorded] of groups) {
    const kept = earlier.resolved.get(canonical);
    const stale = kept === undefined || recorded.some((subject) => changed.has(subject));
    resolved.set(canonical, stale ? resolveSubject(view, recorded, earlier.lookups) : kept);
  }
  return { position: view.position, resolved, lookups: earlier.lookups };
}

/**
 * The subjects whose claims changed after `earlier` up to the view's position, or undefined
 * when a change there reaches beyond them and every group must be resolved again:
 * - a subject aliased (groups and facilities' canonical names move);
 * - a report or source recorded that an earlier claim already cited (its rank changes); the
 *   ledger's own commands never do that, since a claim needs both recorded first, but a
 *   log written by other means might;
 * - more than a quarter of the log, where resolving everything costs about as much.
 */
export function subjectsChangedSince(view: AsOf, earlier: Pick<ResolvedGroups, 'position' | 'lookups'>): Set<string> | undefined {
  const { state } = view;
  const from = earlier.position;
  const changes = changesSince(view, from);
  if (!changes) return undefined;
  // Aliases, reports and sources change no claim: only a window holding such an event needs
  // the walks below (a report map runs to tens of thousands of entries).
  if (changes.noClaimChanged) {
    if (aliasedSince(view, from)) return undefined;
    const { claims } = state;
    const { publishedByReport, reliabilityBySource } = earlier.lookups;
    for (const [reportId, report] of state.reports) {
      if (recordedSince(view, from, report) && lookedUp(publishedByReport, claims.reportNumber(reportId))) return undefined;
    }
    for (const [sourceId, source] of state.sources) {
      if (recordedSince(view, from, source) && lookedUp(reliabilityBySource, claims.sourceNumber(sourceId))) return undefined;
    }
  }
  return changes.subjects;
}

/** Whether the earlier resolution ranked a claim citing the report or source numbered `number`. */
function lookedUp(byNumber: readonly (number | undefined)[], number: number | undefined): boolean {
  return number !== undefined && byNumber[number] !== undefined;
}
