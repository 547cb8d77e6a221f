import { addIntervals, capInterval, intersects, type Interval } from '../src/domain/quantity.js';
import type { ResolvedValue } from '../src/domain/resolution.js';
import { subjectKind } from '../src/domain/ids.js';
import { canonicalOf, subjectsByCanonical, type AsOf } from './as-of.js';
import { viewLookups, type ViewLookups } from './view-lookups.js';
import { subjectsChangedSince } from './group-refresh.js';
import type { LedgerState } from './ledger-state.js';
import { resolveSubject } from './resolved-keys.js';
import { transfers, type TransferView } from './transfers.js';
import { compareText } from '../src/domain/compare-text.js';

export interface ConsistencyCheck {
  name: 'groups-sum' | 'facilities-within-count' | 'transfers-within-planned';
  subject: string;
  ok: boolean;
  detail: string;
}

export interface CountsView {
  total: { interval: Interval; transfers: number };
  byGroup: Record<string, { interval: Interval }>;
  planned: ResolvedValue | null;
  plannedBy: string | null;
  checks: ConsistencyCheck[];
}

const UNKNOWN: Interval = [0, null];

/** Transfers that moved (or are moving) people: all but planned and cancelled ones. */
function hasMoved(t: TransferView): boolean {
  const status = t.status?.value;
  return status !== 'planned' && status !== 'cancelled';
}

/**
 * Totals across transfers by interval arithmetic: a transfer with an undisclosed or unknown
 * count opens the upper bound, and the operation's planned total closes it again.
 */
export function counts(view: AsOf): CountsView {
  const moved = transfers(view).filter(hasMoved);
  const { planned, plannedBy } = plannedTotal(view);
  const plannedHi = planned?.interval?.[1] ?? null;

  let total: Interval = [0, 0];
  for (const t of moved) total = addIntervals(total, countOf(t));

  const groups = new Set(moved.flatMap((t) => Object.keys(t.byGroup)));
  const byGroup: CountsView['byGroup'] = {};
  for (const group of [...groups].sort()) {
    let sum: Interval = [0, 0];
    for (const t of moved) {
      const share = t.byGroup[group]?.interval ?? ([0, countOf(t)[1]] as Interval);
      sum = addIntervals(sum, share);
    }
    byGroup[group] = { interval: capInterval(sum, plannedHi) };
  }

  const checks = moved.flatMap(checksOf);
  if (planned && plannedBy) checks.push(plannedCheck(plannedBy, total, planned));

  return {
    total: { interval: capInterval(total, plannedHi), transfers: moved.length },
    byGroup,
    planned,
    plannedBy,
    checks,
  };
}

function countOf(t: TransferView): Interval {
  return t.count?.interval ?? UNKNOWN;
}

interface PlannedTotal {
  planned: ResolvedValue | null;
  plannedBy: string | null;
}

/**
 * The planned total found last per state, and the look-ups it was resolved with. Asked at a
 * later position, it stands unless a claim about an operation came in between (or a change
 * that reaches every subject, see subjectsChangedSince): resolving operations' claims again
 * was most of an answer after each write at a million events.
 */
const lastPlanned = new WeakMap<LedgerState, { position: bigint; eventCount: number; lookups: ViewLookups; answer: PlannedTotal }>();

function plannedTotal(view: AsOf): PlannedTotal {
  const last = lastPlanned.get(view.state);
  if (last && (last.position === view.position ? last.eventCount === view.state.eventCount : noOperationChanged(view, last))) {
    if (last.position !== view.position) lastPlanned.set(view.state, { ...last, position: view.position, eventCount: view.state.eventCount });
    return last.answer;
  }
  const lookups = viewLookups(view);
  const answer = firstPlannedTotal(view, lookups);
  lastPlanned.set(view.state, { position: view.position, eventCount: view.state.eventCount, lookups, answer });
  return answer;
}

function noOperationChanged(view: AsOf, earlier: { position: bigint; lookups: ViewLookups }): boolean {
  if (earlier.position > view.position) return false;
  const changed = subjectsChangedSince(view, earlier);
  // Operations are grouped under their canonical subject, as firstPlannedTotal finds them.
  return changed !== undefined && ![...changed].some((subject) => subjectKind(canonicalOf(view, subject)) === 'operation');
}

/** The first operation (by subject) that has a planned total. */
function firstPlannedTotal(view: AsOf, lookups: ViewLookups): PlannedTotal {
  const operations = [...subjectsByCanonical(view)]
    .filter(([subject]) => subjectKind(subject) === 'operation')
    .sort(([a], [b]) => compareText(a, b));
  for (const [subject, recorded] of operations) {
    const planned = resolveSubject(view, recorded, lookups).get('planned.total');
    if (planned) return { planned, plannedBy: subject };
  }
  return { planned: null, plannedBy: null };
}

/**
 * A transfer's checks by its view. Views of transfers no event changed are kept from one answer
 * to the next (see transfers.ts), and so are their checks: writing every check's detail again
 * took most of an answer after each write at a million events.
 */
const checksByTransfer = new WeakMap<TransferView, ConsistencyCheck[]>();

function checksOf(t: TransferView): ConsistencyCheck[] {
  let checks = checksByTransfer.get(t);
  if (!checks) checksByTransfer.set(t, (checks = [...groupsSumCheck(t), ...facilitiesCheck(t)]));
  return checks;
}

function groupsSumCheck(t: TransferView): ConsistencyCheck[] {
  const groups = Object.entries(t.byGroup);
  if (groups.length === 0 || !t.count) return [];
  const sum = groups.reduce<Interval>((acc, [, r]) => addIntervals(acc, r.interval!), [0, 0]);
  const count = t.count.interval!;
  const ok = intersects(sum, count);
  const parts = groups.map(([group, r]) => `${show(r.interval!)} ${group}`).join(' + ');
  return [{
    name: 'groups-sum',
    subject: t.subject,
    ok,
    detail: `${parts} = ${show(sum)}; count is ${show(count)}${ok ? '' : ' — they cannot both hold'}`,
  }];
}

function facilitiesCheck(t: TransferView): ConsistencyCheck[] {
  const quantities = t.facilities.filter((f) => f.quantity !== null);
  if (quantities.length === 0) return [];
  const sum = quantities.reduce<Interval>((acc, f) => addIntervals(acc, f.quantity!.interval!), [0, 0]);
  const count = countOf(t);
  const ok = count[1] === null || sum[0] <= count[1];
  return [{
    name: 'facilities-within-count',
    subject: t.subject,
    ok,
    detail: `facilities hold ${show(sum)}; count is ${show(count)}`,
  }];
}

function plannedCheck(operation: string, total: Interval, planned: ResolvedValue): ConsistencyCheck {
  const plannedHi = planned.interval![1];
  const ok = plannedHi === null || total[0] <= plannedHi;
  return {
    name: 'transfers-within-planned',
    subject: operation,
    ok,
    detail: `transfers total ${show(total)}; planned ${show(planned.interval!)}`,
  };
}

/** One formatter for every number: `toLocaleString('en-US')` looks its formatter up on each call. */
const EN_US = new Intl.NumberFormat('en-US');

/** An interval as a reader says it: "150", "at least 150", "at most 7,000", "100–200". */
export function show([lo, hi]: Interval): string {
  const n = (x: number): string => EN_US.format(x);
  if (hi === null) return lo === 0 ? 'unknown' : `at least ${n(lo)}`;
  if (lo === hi) return n(lo);
  return lo === 0 ? `at most ${n(hi)}` : `${n(lo)}–${n(hi)}`;
}
