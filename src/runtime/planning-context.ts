import type { DecisionContext, KnownClaim } from '../domain/decision-context.js';
import type { Decision } from '../domain/decide.js';
import type { ClaimAmended, ClaimAsserted, ClaimRetracted, DataOf, ReportRecorded, SourceRegistered } from '../domain/events.js';
import type { LedgerState } from '../../projections/ledger-state.js';
import type { RevisionsByStream } from './stream-revisions.js';

/**
 * The projected state seen through the decisions planned so far in one batch, so a file can
 * register a source and cite it a line later, and be checked whole before anything is
 * appended. The projected state itself is never touched.
 */
export class PlanningContext implements DecisionContext {
  /** Made when the first decision is planned: most batches are one command, which needs none. */
  private planned: Planned | undefined;

  constructor(
    private readonly state: LedgerState,
    private readonly streamRevisions: RevisionsByStream,
  ) {}

  source(id: string): DataOf<SourceRegistered> | undefined {
    return this.planned?.sources.get(id) ?? this.state.sources.get(id)?.event;
  }

  report(id: string): DataOf<ReportRecorded> | undefined {
    return this.planned?.reports.get(id) ?? this.state.reports.get(id)?.event;
  }

  /**
   * Computed on every read from the state and the planned events, so a change planned
   * anywhere down a chain is seen by every claim above it.
   */
  claim(id: string): KnownClaim | undefined {
    const { claims } = this.state;
    const row = claims.find(id);
    const event = this.planned?.claims.get(id) ?? (row === undefined ? undefined : claims.eventOf(row));
    if (!event) return undefined;
    return {
      event,
      retractedBy: this.retractionOf(id, row),
      standingAmendments: this.amendersOf(id, row).flatMap((amender) => this.standingInPlaceOf(amender)),
      version: row === undefined ? -1n : claims.versionOf(row),
    };
  }

  /** `row` is the claim's row in the state's claim table, when the caller has found it already. */
  private retractionOf(claimId: string, row = this.state.claims.find(claimId)): string | undefined {
    return this.planned?.retracted.get(claimId) ?? (row === undefined ? undefined : this.state.claims.retractionOf(row)?.event.retractionId);
  }

  private amendersOf(claimId: string, row = this.state.claims.find(claimId)): string[] {
    return [...(row === undefined ? [] : this.state.claims.amendersOf(row)), ...(this.planned?.amenders.get(claimId) ?? [])];
  }

  /**
   * An amendment that stands, or else whatever stands in its place further down the chain:
   * retracting a middle link leaves the links after it standing, and the claim it amended
   * must not be amended past them.
   */
  private standingInPlaceOf(amender: string): string[] {
    if (this.retractionOf(amender) === undefined) return [amender];
    return this.amendersOf(amender).flatMap((next) => this.standingInPlaceOf(next));
  }

  retraction(id: string): DataOf<ClaimRetracted> | undefined {
    return this.planned?.retractions.get(id) ?? this.state.retractions.get(id)?.event;
  }

  aliasOf(subject: string): string | undefined {
    return this.planned?.aliases.get(subject) ?? this.state.aliases.get(subject)?.event.canonical;
  }

  streamRevision(stream: string): bigint | null {
    return this.planned?.revisions.get(stream) ?? this.streamRevisions.get(stream) ?? null;
  }

  /** Records a planned decision as if it had been appended. */
  plan(decision: Decision): void {
    const planned = (this.planned ??= newPlanned());
    for (const event of decision.events) {
      const revision = this.streamRevision(decision.stream);
      planned.revisions.set(decision.stream, revision === null ? 0n : revision + 1n);
      switch (event.type) {
        case 'SourceRegistered':
          planned.sources.set(event.sourceId, event);
          break;
        case 'ReportRecorded':
          planned.reports.set(event.reportId, event);
          break;
        case 'ClaimAsserted':
        case 'ClaimAmended':
          planned.claims.set(event.claimId, event);
          if (event.type === 'ClaimAmended') planned.amenders.set(event.amends, [...(planned.amenders.get(event.amends) ?? []), event.claimId]);
          break;
        case 'ClaimRetracted':
          planned.retractions.set(event.retractionId, event);
          planned.retracted.set(event.claimId, event.retractionId);
          break;
        case 'SubjectAliased':
          planned.aliases.set(event.alias, event.canonical);
          break;
        default: {
          const unhandled: never = event;
          return unhandled;
        }
      }
    }
  }

}

/** The events of a batch planned so far, by what the decisions after them look up. */
interface Planned {
  sources: Map<string, SourceRegistered>;
  reports: Map<string, ReportRecorded>;
  claims: Map<string, ClaimAsserted | ClaimAmended>;
  /** Claim id → id of the planned retraction that withdraws it. */
  retracted: Map<string, string>;
  /** Claim id → ids of the planned amendments of it, in order. */
  amenders: Map<string, string[]>;
  retractions: Map<string, ClaimRetracted>;
  aliases: Map<string, string>;
  /** Stream → its revision once the planned events are appended. */
  revisions: Map<string, bigint>;
}

function newPlanned(): Planned {
  return {
    sources: new Map(),
    reports: new Map(),
    claims: new Map(),
    retracted: new Map(),
    amenders: new Map(),
    retractions: new Map(),
    aliases: new Map(),
    revisions: new Map(),
  };
}
