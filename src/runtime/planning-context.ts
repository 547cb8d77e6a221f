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
  private readonly sources = new Map<string, SourceRegistered>();
  private readonly reports = new Map<string, ReportRecorded>();
  private readonly claims = new Map<string, ClaimAsserted | ClaimAmended>();
  /** Claim id → id of the planned retraction that withdraws it. */
  private readonly retracted = new Map<string, string>();
  /** Claim id → ids of the planned amendments of it, in order. */
  private readonly amenders = new Map<string, string[]>();
  private readonly retractions = new Map<string, ClaimRetracted>();
  private readonly aliases = new Map<string, string>();
  private readonly revisions = new Map<string, bigint>();

  constructor(
    private readonly state: LedgerState,
    private readonly streamRevisions: RevisionsByStream,
  ) {}

  source(id: string): DataOf<SourceRegistered> | undefined {
    return this.sources.get(id) ?? this.state.sources.get(id)?.event;
  }

  report(id: string): DataOf<ReportRecorded> | undefined {
    return this.reports.get(id) ?? this.state.reports.get(id)?.event;
  }

  /**
   * Computed on every read from the state and the planned events, so a change planned
   * anywhere down a chain is seen by every claim above it.
   */
  claim(id: string): KnownClaim | undefined {
    const { claims } = this.state;
    const row = claims.find(id);
    const event = this.claims.get(id) ?? (row === undefined ? undefined : claims.eventOf(row));
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
    return this.retracted.get(claimId) ?? (row === undefined ? undefined : this.state.claims.retractionOf(row)?.event.retractionId);
  }

  private amendersOf(claimId: string, row = this.state.claims.find(claimId)): string[] {
    return [...(row === undefined ? [] : this.state.claims.amendersOf(row)), ...(this.amenders.get(claimId) ?? [])];
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
    return this.retractions.get(id) ?? this.state.retractions.get(id)?.event;
  }

  aliasOf(subject: string): string | undefined {
    return this.aliases.get(subject) ?? this.state.aliases.get(subject)?.event.canonical;
  }

  streamRevision(stream: string): bigint | null {
    return this.revisions.get(stream) ?? this.streamRevisions.get(stream) ?? null;
  }

  /** Records a planned decision as if it had been appended. */
  plan(decision: Decision): void {
    for (const event of decision.events) {
      const revision = this.streamRevision(decision.stream);
      this.revisions.set(decision.stream, revision === null ? 0n : revision + 1n);
      switch (event.type) {
        case 'SourceRegistered':
          this.sources.set(event.sourceId, event);
          break;
        case 'ReportRecorded':
          this.reports.set(event.reportId, event);
          break;
        case 'ClaimAsserted':
        case 'ClaimAmended':
          this.claims.set(event.claimId, event);
          if (event.type === 'ClaimAmended') this.amenders.set(event.amends, [...(this.amenders.get(event.amends) ?? []), event.claimId]);
          break;
        case 'ClaimRetracted':
          this.retractions.set(event.retractionId, event);
          this.retracted.set(event.claimId, event.retractionId);
          break;
        case 'SubjectAliased':
          this.aliases.set(event.alias, event.canonical);
          break;
        default: {
          const unhandled: never = event;
          return unhandled;
        }
      }
    }
  }

}
