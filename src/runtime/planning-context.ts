import type { DecisionContext, KnownClaim } from '../domain/decision-context.js';
import type { Decision } from '../domain/decide.js';
import type { ClaimRetracted, ReportRecorded, SourceRegistered } from '../domain/events.js';
import type { LedgerState } from '../../projections/ledger-state.js';

/**
 * The projected state seen through the decisions planned so far in one batch, so a file can
 * register a source and cite it a line later, and be checked whole before anything is
 * appended. The projected state itself is never touched.
 */
export class PlanningContext implements DecisionContext {
  private readonly sources = new Map<string, SourceRegistered>();
  private readonly reports = new Map<string, ReportRecorded>();
  private readonly claims = new Map<string, KnownClaim>();
  private readonly retractions = new Map<string, ClaimRetracted>();
  private readonly aliases = new Map<string, string>();
  private readonly revisions = new Map<string, bigint>();

  constructor(
    private readonly state: LedgerState,
    private readonly streamRevisions: ReadonlyMap<string, bigint>,
  ) {}

  source(id: string): SourceRegistered | undefined {
    return this.sources.get(id) ?? this.state.sources.get(id)?.event;
  }

  report(id: string): ReportRecorded | undefined {
    return this.reports.get(id) ?? this.state.reports.get(id)?.event;
  }

  claim(id: string): KnownClaim | undefined {
    const planned = this.claims.get(id);
    if (planned) return planned;
    const record = this.state.claims.get(id);
    if (!record) return undefined;
    const standingAmendments = record.amendedBy.filter((amender) => {
      const claim = this.claim(amender);
      return claim !== undefined && claim.retractedBy === undefined;
    });
    return {
      event: record.event,
      retractedBy: record.retraction?.event.retractionId,
      standingAmendments,
      version: record.version,
    };
  }

  retraction(id: string): ClaimRetracted | undefined {
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
          this.claims.set(event.claimId, { event, retractedBy: undefined, standingAmendments: [], version: -1n });
          if (event.type === 'ClaimAmended') this.update(event.amends, (c) => ({ ...c, standingAmendments: [...c.standingAmendments, event.claimId] }));
          break;
        case 'ClaimRetracted':
          this.retractions.set(event.retractionId, event);
          this.update(event.claimId, (c) => ({ ...c, retractedBy: event.retractionId }));
          this.unlinkFromTarget(event.claimId);
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

  private update(claimId: string, change: (claim: KnownClaim) => KnownClaim): void {
    const claim = this.claim(claimId);
    if (claim) this.claims.set(claimId, change(claim));
  }

  /** A retracted amendment no longer blocks amending the claim it amended. */
  private unlinkFromTarget(claimId: string): void {
    const claim = this.claim(claimId);
    if (claim?.event.type !== 'ClaimAmended') return;
    this.update(claim.event.amends, (c) => ({
      ...c,
      standingAmendments: c.standingAmendments.filter((id) => id !== claimId),
    }));
  }
}
