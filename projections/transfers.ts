import type { ResolvedValue } from '../src/domain/resolution.js';
import { subjectKind } from '../src/domain/ids.js';
import { canonicalOf, subjectsByCanonical, type AsOf } from './as-of.js';
import type { LedgerState } from './ledger-state.js';
import { resolveGroupsSince, type ResolvedGroups } from './group-refresh.js';
import { resolveSubject, type ResolvedKeys } from './resolved-keys.js';
import { compareText } from '../src/domain/compare-text.js';

export interface FacilityOfTransfer {
  facility: string;
  /** Who assigned the transfer to this facility, ranked. */
  assignment: ResolvedValue;
  quantity: ResolvedValue | null;
}

export interface TransferView {
  subject: string;
  aliases: string[];
  status: ResolvedValue | null;
  count: ResolvedValue | null;
  origin: ResolvedValue | null;
  destination: ResolvedValue | null;
  transport: ResolvedValue | null;
  byGroup: Record<string, ResolvedValue>;
  origins: ResolvedValue | null;
  profile: ResolvedValue | null;
  facilities: FacilityOfTransfer[];
  /** Every other property claimed about the transfer, uninterpreted. */
  other: Record<string, ResolvedValue>;
  /** Keys whose standing claims disagree. */
  conflicts: string[];
  /** Sources behind any standing claim about the transfer. */
  sources: string[];
}

const NAMED = new Set(['status', 'detainees.count', 'origin', 'destination', 'transport', 'detainees.origins', 'detainees.profile']);
const GROUP = /^detainees\.byGroup\.(.+)$/;
const FACILITY = /^facility\.assignment\[(.+)\]$/;
const GROUP_PREFIX = 'detainees.byGroup.';
const FACILITY_PREFIX = 'facility.assignment[';

/**
 * The last answer of `transfers` per state. Counts, facilities and the transfers view all
 * start from every transfer resolved; a ledger asked for all three at one position resolves
 * them once. As-of answers never change (records after the position are invisible to them)
 * and the event count moves with every fold, so a hit is always current. Asked at a later
 * position, the answer is made from this one: only the transfers whose claims changed in
 * between are resolved again (see group-refresh.ts).
 */
const lastAnswer = new WeakMap<
  LedgerState,
  { position: bigint; eventCount: number; transfers: TransferView[]; groups: ResolvedGroups }
>();

/** Every transfer (subjects of kind `transfer`, aliases merged), as of the view's position. */
export function transfers(view: AsOf): TransferView[] {
  const known = answered(view);
  if (known) return known;
  const last = lastAnswer.get(view.state);
  const groups = [...subjectsByCanonical(view)].filter(([subject]) => subjectKind(subject) === 'transfer');
  const answer = resolveGroupsSince(view, groups, last?.groups);
  const earlierViews = last && answer.lookups === last.groups.lookups ? new Map(last.transfers.map((t) => [t.subject, t])) : undefined;
  const found = groups.map(([subject, recorded]) => {
    const keys = answer.resolved.get(subject)!;
    // The same keys object as before: nothing about this transfer changed, nor its view.
    if (earlierViews && keys === last!.groups.resolved.get(subject)) return earlierViews.get(subject)!;
    return transferView(subject, recorded, keys);
  });
  found.sort((a, b) => compareText(a.subject, b.subject));
  lastAnswer.set(view.state, { position: view.position, eventCount: view.state.eventCount, transfers: found, groups: answer });
  return found;
}

function answered(view: AsOf): TransferView[] | undefined {
  const last = lastAnswer.get(view.state);
  return last && last.position === view.position && last.eventCount === view.state.eventCount ? last.transfers : undefined;
}

/** The transfer a subject names, directly or through an alias (one with no claims of its own too). */
export function transfer(view: AsOf, subject: string): TransferView | undefined {
  const canonical = canonicalOf(view, subject);
  const known = answered(view);
  if (known) return known.find((t) => t.subject === canonical);
  if (subjectKind(canonical) !== 'transfer') return undefined;
  // Resolve this one transfer only, not all of them.
  const recorded = subjectsByCanonical(view).get(canonical);
  return recorded ? transferView(canonical, recorded, resolveSubject(view, recorded)) : undefined;
}

function transferView(subject: string, recorded: readonly string[], keys: ResolvedKeys): TransferView {
  const view: TransferView = {
    subject,
    aliases: recorded.filter((s) => s !== subject).sort(),
    status: keys.get('status') ?? null,
    count: keys.get('detainees.count') ?? null,
    origin: keys.get('origin') ?? null,
    destination: keys.get('destination') ?? null,
    transport: keys.get('transport') ?? null,
    byGroup: {},
    origins: keys.get('detainees.origins') ?? null,
    profile: keys.get('detainees.profile') ?? null,
    facilities: [],
    other: {},
    conflicts: [],
    sources: [...keys.sources],
  };
  for (const [key, resolved] of keys) {
    if (resolved.conflict) view.conflicts.push(key);
    // The prefix test first: most keys are neither, and a regex per key is dear at 1M events.
    const group = key.startsWith(GROUP_PREFIX) ? GROUP.exec(key)?.[1] : undefined;
    const facility = key.startsWith(FACILITY_PREFIX) ? FACILITY.exec(key)?.[1] : undefined;
    if (group !== undefined) view.byGroup[group] = resolved;
    else if (facility !== undefined) {
      view.facilities.push({ facility, assignment: resolved, quantity: keys.get(`${key}.quantity`) ?? null });
    } else if (!NAMED.has(key) && !key.endsWith('.quantity')) view.other[key] = resolved;
  }
  return view;
}
