import type { ResolvedValue } from '../src/domain/resolution.js';
import { asOf, canonicalOf, isVisible, standingLink, subjectsByCanonical, type AsOf } from './as-of.js';
import { amendmentOf, chainOf, type ClaimRecord, type Recorded } from './ledger-state.js';
import type { ClaimRetracted, SubjectAliased } from '../src/domain/events.js';
import { sameJson } from '../src/domain/same-json.js';
import { keysOfClaim, resolveSubject, type ResolvedKeys } from './resolved-keys.js';
import { lookupsAt, viewLookups, type ViewLookups } from './view-lookups.js';
import { propertiesBehind } from './key-names.js';

/** One step in the life of a resolved key: the event, and what the key resolved to after it. */
export interface HistoryEntry {
  position: bigint;
  recordedAt: Date;
  event: 'ClaimAsserted' | 'ClaimAmended' | 'ClaimRetracted' | 'SubjectAliased';
  /** The claim the event is about; null for an alias, which is about subjects. */
  claimId: string | null;
  actor: string;
  sourceId?: string;
  reportId?: string;
  hedge?: string;
  value?: unknown;
  quote?: string;
  amends?: string;
  retractionId?: string;
  reason?: string;
  reasonCode?: string;
  /** For `SubjectAliased`: the subject that now folds into `canonical`. */
  alias?: string;
  canonical?: string;
  resolvedAfter: ResolvedValue | null;
}

export interface SubjectHistory {
  subject: string;
  aliases: string[];
  properties: Record<string, HistoryEntry[]>;
  /**
   * Asked for with `after` or `limit` (a page): the `after` of the next page, the position of
   * this page's last step; null when no step with an entry follows.
   */
  next?: bigint | null;
}

/** Which steps of a subject's history to tell. */
export interface HistoryRequest {
  /** Only this property and the keys split from it (`detainees.byGroup` → `detainees.byGroup.<group>`). */
  property?: string | undefined;
  /** Only the steps after this log position: the `next` of the previous page. */
  after?: bigint | undefined;
  /** At most this many steps (events), each under every key it touched. */
  limit?: number | undefined;
}

type Step =
  | { kind: 'claim'; claim: ClaimRecord }
  | { kind: 'retraction'; retraction: Recorded<ClaimRetracted>; claim: ClaimRecord }
  | { kind: 'alias'; alias: Recorded<SubjectAliased> };

/**
 * Every claim, amendment and retraction about a subject (aliases merged), in log order, per
 * resolved key, with the value the key resolved to after each — as the ledger knew it then:
 * a claim about a subject that was aliased later resolves with that subject's own claims, and
 * the alias is a step of its own wherever it changed a value. `request` narrows it (see
 * HistoryRequest). Each step resolves the properties it touched as of itself, so a whole
 * history costs a resolution per claim about the subject, and a page one per step it holds: a
 * diff asks only for the steps it reports (the last 10,000 events of the benchmark's 1M log:
 * 430 s when every changed subject's whole history was resolved).
 */
export function history(view: AsOf, subject: string, request: HistoryRequest = {}): SubjectHistory | undefined {
  const { property, after, limit } = request;
  const canonical = canonicalOf(view, subject);
  const recorded = subjectsByCanonical(view).get(canonical);
  if (!recorded) return undefined;
  const groupAt = groupsOf(view, recorded);
  const lookups = viewLookups(view);
  const properties: Record<string, HistoryEntry[]> = {};
  const from = after ?? 0n;
  const steps = [...stepsOf(view, recorded, from), ...aliasStepsOf(view, canonical, recorded, from)].sort((a, b) =>
    positionOf(a) < positionOf(b) ? -1 : 1,
  );
  const wanted = (key: string) => property === undefined || keyBelongsTo(key, property);
  let told = 0;
  let last: bigint | undefined;
  let next: bigint | null = null;
  for (const step of steps) {
    const at = asOf(view.state, positionOf(step));
    const lookupsHere = lookupsAt(lookups, at);
    let keys: string[];
    let resolve: () => ResolvedKeys;
    if (step.kind === 'alias') {
      const resolved = resolveSubject(at, groupAt(at, canonical), lookupsHere);
      keys = changedKeys(groupAt, lookups, at, canonical, resolved).filter(wanted);
      resolve = () => resolved;
    } else {
      // Only the properties behind the keys the step touched: a transfer's claims spread over
      // a dozen properties, and resolving all of them at every step took the 1M log's longest
      // history (3,050 steps) 8–12 s instead of ~1 s.
      keys = [...keysTouched(at, step)].filter(wanted);
      resolve = () => resolveSubject(at, groupAt(at, step.claim.event.subject), lookupsHere, new Set(keys.flatMap(propertiesBehind)));
    }
    if (keys.length === 0) continue;
    // A step with an entry after a full page: the page ends before it, which stays unresolved.
    if (limit !== undefined && told >= limit) {
      next = last ?? after ?? 0n;
      break;
    }
    const resolved = resolve();
    for (const key of keys) (properties[key] ??= []).push(entryOf(step, resolved.get(key) ?? null));
    told += 1;
    last = positionOf(step);
  }
  const found: SubjectHistory = { subject: canonical, aliases: recorded.filter((s) => s !== canonical).sort(), properties };
  return after === undefined && limit === undefined ? found : { ...found, next };
}

type GroupAt = (at: AsOf, subject: string) => readonly string[];

/**
 * The subjects that folded together with `subject` at a point of the log. Aliases only ever
 * merge, so they are among the subjects folded together in the end (`recorded`).
 */
function groupsOf(view: AsOf, recorded: readonly string[]): GroupAt {
  if (view.state.aliases.size === 0) return () => recorded;
  return (at, subject) => {
    const canonical = canonicalOf(at, subject);
    return recorded.filter((other) => canonicalOf(at, other) === canonical);
  };
}

/**
 * Aliases after `after` that merged a subject into this one, or renamed a facility its claims
 * name, directly or through the facility it was itself aliased to.
 */
function aliasStepsOf(view: AsOf, canonical: string, recorded: readonly string[], after: bigint): Step[] {
  let named: Set<string> | undefined;
  const steps: Step[] = [];
  for (const alias of aliasesAfter(view, after)) {
    const merges = canonicalOf(view, alias.event.alias) === canonical;
    if (merges || (named ??= facilitiesNamed(view, recorded)).has(alias.event.alias)) steps.push({ kind: 'alias', alias });
  }
  return steps;
}

/** Per view, the aliases recorded after a position and by the view's: a diff asks for them once per changed subject. */
const aliasesAfterByView = new WeakMap<AsOf, { after: bigint; aliases: Recorded<SubjectAliased>[] }>();

/**
 * The aliases recorded after `after`, up to the view's position. An alias, once recorded, is
 * never replaced, so the list stays true while the log grows past the view.
 */
function aliasesAfter(view: AsOf, after: bigint): Recorded<SubjectAliased>[] {
  const known = aliasesAfterByView.get(view);
  if (known?.after === after) return known.aliases;
  const aliases = [...view.state.aliases.values()].filter((alias) => alias.position > after && alias.position <= view.position);
  aliasesAfterByView.set(view, { after, aliases });
  return aliases;
}

/**
 * The facilities the subjects' claims name by the view's position, each with every subject it
 * was aliased to by then: an alias of any of those moves the claim to another key (aliasing
 * c to b, then b to a, moves a claim naming c from b's key to a's).
 */
function facilitiesNamed(view: AsOf, recorded: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (const subject of recorded) {
    for (const root of view.state.chainRoots.get(subject)?.get('facility.assignment') ?? []) {
      for (const id of chainOf(view.state, root)) {
        const claim = view.state.claims.get(id)!;
        const value = claim.event.value as { facility?: unknown };
        if (isVisible(view, claim) && typeof value?.facility === 'string') addAliasChain(view, value.facility, named);
      }
    }
  }
  return named;
}

/** Adds a subject and those it was aliased to, one after the other, by the view's position. */
function addAliasChain(view: AsOf, subject: string, chain: Set<string>): void {
  // A subject already there came with the rest of its chain.
  for (let current: string | undefined = subject; current !== undefined && !chain.has(current); ) {
    chain.add(current);
    const alias = view.state.aliases.get(current);
    current = alias && isVisible(view, alias) ? alias.event.canonical : undefined;
  }
}

/** The keys whose resolved value an alias changed. */
function changedKeys(groupAt: GroupAt, lookups: ViewLookups, at: AsOf, canonical: string, after: ResolvedKeys): string[] {
  const before = asOf(at.state, at.position - 1n);
  const resolvedBefore = resolveSubject(before, groupAt(before, canonical), lookupsAt(lookups, before));
  const keys = new Set([...resolvedBefore.keys(), ...after.keys()]);
  return [...keys].filter((key) => !sameJson(resolvedBefore.get(key) ?? null, after.get(key) ?? null)).sort();
}

export function keyBelongsTo(key: string, property: string): boolean {
  return key === property || key.startsWith(`${property}.`) || key.startsWith(`${property}[`);
}

/** The claims about the subjects, and their retractions, after `after` and by the view's position. */
function stepsOf(view: AsOf, subjects: readonly string[], after: bigint): Step[] {
  const { claims } = view.state;
  const steps: Step[] = [];
  const within = (position: bigint) => position > after && position <= view.position;
  for (const subject of subjects) {
    for (const roots of view.state.chainRoots.get(subject)?.values() ?? []) {
      for (const root of roots) {
        for (const id of chainOf(view.state, root)) {
          const row = claims.find(id)!;
          const retraction = claims.retractionOf(row);
          const claimWithin = within(claims.positionOf(row));
          const retractionWithin = retraction !== undefined && within(retraction.position);
          // A record is made only for a claim with a step to report: a diff of the last
          // events asks every changed subject, whose claims are mostly older.
          if (!claimWithin && !retractionWithin) continue;
          const claim = claims.recordAt(row);
          if (claimWithin) steps.push({ kind: 'claim', claim });
          if (retractionWithin) steps.push({ kind: 'retraction', retraction, claim });
        }
      }
    }
  }
  return steps;
}

function positionOf(step: Step): bigint {
  if (step.kind === 'claim') return step.claim.position;
  return step.kind === 'retraction' ? step.retraction.position : step.alias.position;
}

/** The keys whose standing claims this step can change. */
function keysTouched(at: AsOf, step: Exclude<Step, { kind: 'alias' }>): Set<string> {
  const keys = new Set(keysOfClaim(at, step.claim).map(([key]) => key));
  const before = asOf(at.state, positionOf(step) - 1n);
  const amends = step.kind === 'claim' ? amendmentOf(step.claim)?.amends : undefined;
  const amended = amends === undefined ? undefined : at.state.claims.get(amends);
  const affected = [amended, standingLink(at, step.claim.root), standingLink(before, step.claim.root)];
  for (const claim of affected) {
    if (claim) for (const [key] of keysOfClaim(at, claim)) keys.add(key);
  }
  return keys;
}

function entryOf(step: Step, resolvedAfter: ResolvedValue | null): HistoryEntry {
  if (step.kind === 'alias') {
    const { event, position, recordedAt, actor } = step.alias;
    return {
      position, recordedAt, event: 'SubjectAliased', claimId: null, actor,
      alias: event.alias, canonical: event.canonical, resolvedAfter,
    };
  }
  if (step.kind === 'retraction') {
    const { event, position, recordedAt, actor } = step.retraction;
    return {
      position, recordedAt, event: 'ClaimRetracted', claimId: event.claimId, actor,
      sourceId: event.sourceId, reportId: event.reportId, retractionId: event.retractionId,
      ...(event.reason === undefined ? {} : { reason: event.reason }),
      ...(event.reasonCode === undefined ? {} : { reasonCode: event.reasonCode }),
      resolvedAfter,
    };
  }
  const { type, event, position, recordedAt, actor } = step.claim;
  const amendment = amendmentOf(step.claim);
  return {
    position, recordedAt, event: type, claimId: event.claimId, actor,
    sourceId: event.sourceId, reportId: event.reportId, hedge: event.hedge, value: event.value,
    ...(event.quote === undefined ? {} : { quote: event.quote }),
    ...(amendment ? { amends: amendment.amends } : {}),
    ...(amendment?.reason !== undefined ? { reason: amendment.reason } : {}),
    resolvedAfter,
  };
}
