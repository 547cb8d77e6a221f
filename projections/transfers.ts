import type { ResolvedValue } from '../src/domain/resolution.js';
import { subjectKind } from '../src/domain/ids.js';
import { canonicalOf, subjectsByCanonical, type AsOf } from './as-of.js';
import { resolveSubject, type ResolvedKeys } from './resolved-keys.js';

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

/** Every transfer (subjects of kind `transfer`, aliases merged), as of the view's position. */
export function transfers(view: AsOf): TransferView[] {
  const found: TransferView[] = [];
  for (const [subject, recorded] of subjectsByCanonical(view)) {
    if (subjectKind(subject) !== 'transfer') continue;
    found.push(transferView(subject, recorded, resolveSubject(view, recorded)));
  }
  return found.sort((a, b) => a.subject.localeCompare(b.subject));
}

/** The transfer a subject names, directly or through an alias (one with no claims of its own too). */
export function transfer(view: AsOf, subject: string): TransferView | undefined {
  const canonical = canonicalOf(view, subject);
  return transfers(view).find((t) => t.subject === canonical);
}

function transferView(subject: string, recorded: string[], keys: ResolvedKeys): TransferView {
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
    sources: [],
  };
  const sources = new Set<string>();
  for (const [key, resolved] of keys) {
    if (resolved.conflict) view.conflicts.push(key);
    sources.add(resolved.sourceId);
    for (const alternative of resolved.alternatives) sources.add(alternative.sourceId);
    const group = GROUP.exec(key)?.[1];
    const facility = FACILITY.exec(key)?.[1];
    if (group !== undefined) view.byGroup[group] = resolved;
    else if (facility !== undefined) {
      view.facilities.push({ facility, assignment: resolved, quantity: keys.get(`${key}.quantity`) ?? null });
    } else if (!NAMED.has(key) && !key.endsWith('.quantity')) view.other[key] = resolved;
  }
  view.sources = [...sources].sort();
  return view;
}
