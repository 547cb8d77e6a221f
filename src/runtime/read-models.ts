import { NotFoundError } from '../domain/errors.js';
import { claimEtag } from '../domain/decision-context.js';
import { eventOf } from '../domain/events.js';
import {
  counts,
  diff,
  facilities,
  history,
  transfer,
  transfers,
  type AsOf,
  type HistoryRequest,
} from '../../projections/index.js';
import { chainOf, firstAfter, type LedgerState } from '../../projections/ledger-state.js';
import { PlanningContext } from './planning-context.js';
import type { RevisionsByStream } from './stream-revisions.js';
import { pageOf, type PageRequest } from './list-page.js';
import { subjectOfKind } from '../domain/ids.js';

/**
 * The bodies of the read interfaces, shared by HTTP and `--json` so both say the same thing.
 * Each says which point of the log it describes.
 */
export function asOfBody(view: AsOf): { position: bigint; recordedAt: Date | null; events: number } {
  const { positions, times } = view.state.timeline;
  const events = firstAfter(positions, view.position);
  return { position: view.position, recordedAt: events === 0 ? null : new Date(times[events - 1]!), events };
}

export const transfersBody = (view: AsOf) => ({ asOf: asOfBody(view), transfers: transfers(view) });

/**
 * A page of the transfers body, cut from the whole one (which the ledger keeps per position);
 * `after` may leave out the `transfer:` kind, like `/transfers/:id`.
 */
export function transfersPage(whole: ReturnType<typeof transfersBody>, request: PageRequest) {
  const { entries, next } = pageOf(whole.transfers, ofKind('transfer', request));
  return { asOf: whole.asOf, transfers: entries, next };
}

export function transferBody(view: AsOf, subject: string) {
  const found = transfer(view, subject);
  if (!found) throw new NotFoundError(`no transfer "${subject}" as of position ${view.position}`, 'subject');
  return { asOf: asOfBody(view), transfer: found };
}

export const countsBody = (view: AsOf) => ({ asOf: asOfBody(view), ...counts(view) });

export const facilitiesBody = (view: AsOf) => ({ asOf: asOfBody(view), facilities: facilities(view) });

export function facilitiesPage(whole: ReturnType<typeof facilitiesBody>, request: PageRequest) {
  const { entries, next } = pageOf(whole.facilities, ofKind('facility', request));
  return { asOf: whole.asOf, facilities: entries, next };
}

function ofKind(kind: string, { after, limit }: PageRequest): PageRequest {
  return { after: after === undefined ? undefined : subjectOfKind(kind, after), limit };
}

export function historyBody(view: AsOf, subject: string, request: HistoryRequest = {}) {
  const found = history(view, subject, request);
  if (!found) throw new NotFoundError(`no claims about "${subject}" as of position ${view.position}`, 'subject');
  return { asOf: asOfBody(view), ...found };
}

export function diffBody(state: LedgerState, from: bigint, to: bigint, request: PageRequest = {}) {
  return diff(state, from, to, request);
}

/** One claim with its attribution, its chain and its ETag. */
export function claimBody(state: LedgerState, revisions: RevisionsByStream, claimId: string) {
  const record = state.claims.get(claimId);
  if (!record) throw new NotFoundError(`no claim "${claimId}"`, 'claimId');
  const known = new PlanningContext(state, revisions).claim(claimId)!;
  const chain = chainOf(state, record.root);
  return {
    etag: claimEtag(known),
    claim: eventOf(record),
    position: record.position,
    recordedAt: record.recordedAt,
    actor: record.actor,
    source: eventOrNull(state.sources.get(record.event.sourceId)),
    report: eventOrNull(state.reports.get(record.event.reportId)),
    retraction: record.retraction ? { ...eventOf(record.retraction), position: record.retraction.position, recordedAt: record.retraction.recordedAt, actor: record.retraction.actor } : null,
    amendedBy: record.amendedBy,
    standingAmendments: known.standingAmendments,
    chain,
  };
}

/** A recorded event as the API shows it: its data with its type (the state keeps them apart). */
function eventOrNull(record: Parameters<typeof eventOf>[0] | undefined) {
  return record ? eventOf(record) : null;
}
