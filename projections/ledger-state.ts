import type {
  ClaimAmended,
  ClaimAsserted,
  ClaimRetracted,
  DataOf,
  LedgerEvent,
  PositionedEvent,
  ReportRecorded,
  SourceRegistered,
  SubjectAliased,
} from '../src/domain/events.js';
import { ClaimTable } from './claim-table.js';

/** An event as the state keeps it: its data, with its type beside it (see DataOf). */
export interface Recorded<Event extends LedgerEvent> {
  type: Event['type'];
  event: DataOf<Event>;
  position: bigint;
  recordedAt: Date;
  actor: string;
}

export interface ClaimRecord extends Recorded<ClaimAsserted | ClaimAmended> {
  /** First claim of its amendment chain (itself when asserted). */
  root: string;
  retraction: Recorded<ClaimRetracted> | undefined;
  /** Claims that amend this one, in log order, retracted ones included. */
  amendedBy: string[];
  /** Position of the last event that changed this claim. */
  version: bigint;
}

/**
 * Everything the views are computed from. Each record keeps its position, so any view can be
 * evaluated as of an earlier position from the same state, without replaying the log.
 */
export interface LedgerState {
  /** Position of the last folded event; 0n before the first. */
  position: bigint;
  eventCount: number;
  sources: Map<string, Recorded<SourceRegistered>>;
  reports: Map<string, Recorded<ReportRecorded>>;
  /** Every claim, a row each (see ClaimTable); a `ClaimRecord` is made when one is asked for. */
  claims: ClaimTable;
  retractions: Map<string, Recorded<ClaimRetracted>>;
  aliases: Map<string, Recorded<SubjectAliased>>;
  /** Chain roots by recorded subject, then property. */
  chainRoots: Map<string, Map<string, string[]>>;
  /**
   * Members of each amended chain by root, in log order. A claim nobody amended is a chain of
   * one and has no entry (most claims: a million one-element arrays would be ~80 MB); read
   * chains through `chainOf`.
   */
  chains: Map<string, string[]>;
  /**
   * Position and recorded time of every event, for turning a time into a position, and the
   * subject whose claims it changed (the one its chain is filed under), null for events that
   * change no claim: a view answered at an earlier position re-resolves only those subjects.
   */
  timeline: { positions: bigint[]; times: number[]; subjects: (string | null)[] };
}

export function initialState(): LedgerState {
  return {
    position: 0n,
    eventCount: 0,
    sources: new Map(),
    reports: new Map(),
    claims: new ClaimTable(),
    retractions: new Map(),
    aliases: new Map(),
    chainRoots: new Map(),
    chains: new Map(),
    timeline: { positions: [], times: [], subjects: [] },
  };
}

/**
 * Folds one event into the state. It mutates and returns the state it is given: with a
 * million events, copying maps per event would make a rebuild quadratic. Callers that need
 * the old state keep their own.
 *
 * What the fold itself never reads goes through `filing`: filed at once by default, or held
 * and filed in runs by a fold that files before anyone reads the state (late-filing.ts).
 */
export function evolve(state: LedgerState, positioned: PositionedEvent, filing: Filing = fileNow): LedgerState {
  const { position, recordedAt } = positioned;
  // The event's index in the timeline: claims keep it to be tested against an as-of bound.
  const ordinal = state.eventCount;
  let changed: string | null = null;
  switch (positioned.type) {
    case 'SourceRegistered':
      state.sources.set(positioned.event.sourceId, recordOf(positioned));
      break;
    case 'ReportRecorded':
      filing.report(state, recordOf(positioned));
      break;
    case 'ClaimAsserted':
      // The table's copy of the subject, one for all its claims, not the event's own.
      changed = state.claims.subjectOf(addClaim(state, positioned, ordinal, undefined, filing));
      break;
    case 'ClaimAmended': {
      const event = positioned.event;
      const target = state.claims.find(event.amends);
      if (target !== undefined) state.claims.amend(target, event.claimId);
      const root = target === undefined ? undefined : state.claims.rootOf(target);
      changed = state.claims.subjectOf(addClaim(state, positioned, ordinal, root, filing));
      break;
    }
    case 'ClaimRetracted': {
      const retraction = recordOf(positioned);
      filing.retraction(state, retraction);
      const target = state.claims.find(positioned.event.claimId);
      if (target !== undefined) {
        state.claims.retract(target, retraction, ordinal);
        changed = state.claims.subjectOf(state.claims.rootOf(target));
      }
      break;
    }
    case 'SubjectAliased':
      state.aliases.set(positioned.event.alias, recordOf(positioned));
      break;
    default: {
      const unhandled: never = positioned;
      return unhandled;
    }
  }
  state.position = position;
  state.eventCount += 1;
  state.timeline.positions.push(position);
  state.timeline.times.push(recordedAt.getTime());
  state.timeline.subjects.push(changed);
  return state;
}

/**
 * Records are spelled out field by field, never spread: V8 gives every object built by
 * spreading into a literal with extra fields a hidden class of its own, which at a million
 * claims costs hundreds of MB and makes every read of a record megamorphic.
 */
function recordOf<Positioned extends PositionedEvent>(positioned: Positioned): RecordOf<Positioned['type']> {
  const { type, event, position, recordedAt, actor } = positioned;
  return { type, event, position, recordedAt, actor } as RecordOf<Positioned['type']>;
}

type RecordOf<Type extends LedgerEvent['type']> = Recorded<Extract<LedgerEvent, { type: Type }>>;

/** The claim's data as an amendment (what it amends, and why), or undefined for an assertion. */
export function amendmentOf(claim: ClaimRecord): DataOf<ClaimAmended> | undefined {
  return claim.type === 'ClaimAmended' ? (claim.event as DataOf<ClaimAmended>) : undefined;
}

/**
 * Adds the claim and files it in its chain; returns the row of the chain's first claim.
 * `root` is that row when the claim amends one, undefined when it starts a chain.
 */
function addClaim(
  state: LedgerState,
  { type, event, position, recordedAt, actor }: Extract<PositionedEvent, { type: 'ClaimAsserted' | 'ClaimAmended' }>,
  ordinal: number,
  root: number | undefined,
  filing: Filing,
): number {
  const { claims } = state;
  const row = claims.add(type, event, ordinal, position, recordedAt.getTime(), actor, root);
  if (root !== undefined) {
    filing.amendment(state, claims.idOf(root), event.claimId);
    return root;
  }
  // Filed under the table's copies of the subject and property: found by identity in the maps.
  filing.chain(state, claims.subjectOf(row), claims.propertyOf(row), event.claimId);
  return row;
}

/**
 * What a fold files that nothing reads while it folds: a new chain under its subject and
 * property, an amendment at the end of its chain, a report and a retraction by id. Filed in
 * the order they come, they leave the state the same whenever they are filed.
 */
export interface Filing {
  chain(state: LedgerState, subject: string, property: string, root: string): void;
  amendment(state: LedgerState, root: string, claimId: string): void;
  report(state: LedgerState, report: Recorded<ReportRecorded>): void;
  retraction(state: LedgerState, retraction: Recorded<ClaimRetracted>): void;
}

/** Files each as it comes: what a fold that is read as it goes (the live projector) needs. */
export const fileNow: Filing = {
  chain(state, subject, property, root) {
    let byProperty = state.chainRoots.get(subject);
    if (!byProperty) state.chainRoots.set(subject, (byProperty = new Map()));
    const roots = byProperty.get(property);
    if (roots) roots.push(root);
    else byProperty.set(property, [root]);
  },
  amendment(state, root, claimId) {
    const members = state.chains.get(root);
    if (members) members.push(claimId);
    else state.chains.set(root, [root, claimId]);
  },
  report(state, report) {
    state.reports.set(report.event.reportId, report);
  },
  retraction(state, retraction) {
    state.retractions.set(retraction.event.retractionId, retraction);
  },
};

/** The claims of the chain that starts at `root`, in log order (the root alone if nobody amended it). */
export function chainOf(state: LedgerState, root: string): readonly string[] {
  return state.chains.get(root) ?? [root];
}

/** The position of the last event recorded at or before `time`; 0n when none was. */
export function positionAtTime(state: LedgerState, time: Date): bigint {
  const { positions, times } = state.timeline;
  const events = firstAfter(times, time.getTime());
  return events === 0 ? 0n : positions[events - 1]!;
}

/**
 * Index of the first entry after `bound` in an ascending list (the timeline's positions or
 * times): how many entries are at or before it.
 */
export function firstAfter<T extends number | bigint>(sorted: readonly T[], bound: T): number {
  return partitionPoint(sorted.length, (index) => sorted[index]! <= bound);
}

/**
 * How many leading indexes of a list `atOrBefore` holds for, when it holds for a prefix of
 * them and for none after (a list sorted by what it tests): a binary search.
 */
export function partitionPoint(length: number, atOrBefore: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atOrBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
