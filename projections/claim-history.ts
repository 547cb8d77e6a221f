import type { ResolvedValue } from '../src/domain/resolution.js';
import { asOf, canonicalOf, standingLink, subjectsByCanonical, type AsOf } from './as-of.js';
import type { ClaimRecord, Recorded } from './ledger-state.js';
import type { ClaimRetracted } from '../src/domain/events.js';
import { keysOfClaim, resolveSubject } from './resolved-keys.js';

/** One step in the life of a resolved key: the event, and what the key resolved to after it. */
export interface HistoryEntry {
  position: bigint;
  recordedAt: Date;
  event: 'ClaimAsserted' | 'ClaimAmended' | 'ClaimRetracted';
  claimId: string;
  actor: string;
  sourceId: string;
  reportId: string;
  hedge?: string;
  value?: unknown;
  quote?: string;
  amends?: string;
  retractionId?: string;
  reason?: string;
  reasonCode?: string;
  resolvedAfter: ResolvedValue | null;
}

export interface SubjectHistory {
  subject: string;
  aliases: string[];
  properties: Record<string, HistoryEntry[]>;
}

type Step =
  | { kind: 'claim'; claim: ClaimRecord }
  | { kind: 'retraction'; retraction: Recorded<ClaimRetracted>; claim: ClaimRecord };

/**
 * Every claim, amendment and retraction about a subject (aliases merged), in log order, per
 * resolved key, with the value the key resolved to after each. `property` narrows it to that
 * property and the keys split from it (`detainees.byGroup` → `detainees.byGroup.<group>`).
 */
export function history(view: AsOf, subject: string, property?: string): SubjectHistory | undefined {
  const canonical = canonicalOf(view, subject);
  const recorded = subjectsByCanonical(view).get(canonical);
  if (!recorded) return undefined;
  const properties: Record<string, HistoryEntry[]> = {};
  for (const step of stepsOf(view, recorded)) {
    const at = asOf(view.state, positionOf(step));
    const resolved = resolveSubject(at, recorded);
    for (const key of keysTouched(at, step)) {
      if (property !== undefined && !keyBelongsTo(key, property)) continue;
      (properties[key] ??= []).push(entryOf(step, resolved.get(key) ?? null));
    }
  }
  return { subject: canonical, aliases: recorded.filter((s) => s !== canonical).sort(), properties };
}

export function keyBelongsTo(key: string, property: string): boolean {
  return key === property || key.startsWith(`${property}.`) || key.startsWith(`${property}[`);
}

function stepsOf(view: AsOf, subjects: readonly string[]): Step[] {
  const steps: Step[] = [];
  for (const subject of subjects) {
    for (const roots of view.state.chainRoots.get(subject)?.values() ?? []) {
      for (const root of roots) {
        for (const id of view.state.chains.get(root) ?? []) {
          const claim = view.state.claims.get(id)!;
          if (claim.position <= view.position) steps.push({ kind: 'claim', claim });
          const retraction = claim.retraction;
          if (retraction && retraction.position <= view.position) steps.push({ kind: 'retraction', retraction, claim });
        }
      }
    }
  }
  return steps.sort((a, b) => (positionOf(a) < positionOf(b) ? -1 : 1));
}

function positionOf(step: Step): bigint {
  return step.kind === 'claim' ? step.claim.position : step.retraction.position;
}

/** The keys whose standing claims this step can change. */
function keysTouched(at: AsOf, step: Step): Set<string> {
  const keys = new Set(keysOfClaim(at, step.claim).map(([key]) => key));
  const before = asOf(at.state, positionOf(step) - 1n);
  const amended = step.kind === 'claim' && step.claim.event.type === 'ClaimAmended'
    ? at.state.claims.get(step.claim.event.amends)
    : undefined;
  const affected = [amended, standingLink(at, step.claim.root), standingLink(before, step.claim.root)];
  for (const claim of affected) {
    if (claim) for (const [key] of keysOfClaim(at, claim)) keys.add(key);
  }
  return keys;
}

function entryOf(step: Step, resolvedAfter: ResolvedValue | null): HistoryEntry {
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
  const { event, position, recordedAt, actor } = step.claim;
  return {
    position, recordedAt, event: event.type, claimId: event.claimId, actor,
    sourceId: event.sourceId, reportId: event.reportId, hedge: event.hedge, value: event.value,
    ...(event.quote === undefined ? {} : { quote: event.quote }),
    ...(event.type === 'ClaimAmended' ? { amends: event.amends } : {}),
    ...(event.type === 'ClaimAmended' && event.reason !== undefined ? { reason: event.reason } : {}),
    resolvedAfter,
  };
}
