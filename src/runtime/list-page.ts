import { partitionPoint } from '../../projections/ledger-state.js';
import { compareText } from '../domain/compare-text.js';

/**
 * A page of a list view (transfers, facilities). The views list their entries by subject in
 * code-point order, so a page starts after a subject: a keyset cursor, which stays right
 * while the log grows (an offset would shift under a new transfer). `after` need not be a
 * subject the view lists.
 */
export interface PageRequest {
  /** The subject the previous page ended with (its `next`); from the start when absent. */
  after?: string | undefined;
  /** Most entries to return; all that follow `after` when absent. */
  limit?: number | undefined;
}

export interface Page<Entry> {
  entries: Entry[];
  /** The `after` of the next page; null when this page reaches the end of the list. */
  next: string | null;
}

/** Whether a request asks for one page rather than the whole list: a limit or a cursor given. */
export function asksForPage({ after, limit }: PageRequest): boolean {
  return after !== undefined || limit !== undefined;
}

/** The entries of `sorted` (by subject, code-point order) after `request.after`, at most `request.limit`. */
export function pageOf<Entry extends { subject: string }>(sorted: readonly Entry[], { after, limit }: PageRequest): Page<Entry> {
  const start = after === undefined ? 0 : partitionPoint(sorted.length, (index) => compareText(sorted[index]!.subject, after) <= 0);
  const end = limit === undefined ? sorted.length : Math.min(sorted.length, start + limit);
  const entries = sorted.slice(start, end);
  return { entries, next: end < sorted.length && entries.length > 0 ? entries[entries.length - 1]!.subject : null };
}
