import type { ClaimAsserted, ClaimRetracted, ReportRecorded, SourceRegistered } from '../src/domain/events.js';
import type { DecisionContext, KnownClaim } from '../src/domain/decision-context.js';
import type { Decision } from '../src/domain/decide.js';

/**
 * What the load generator remembers so that the product's own `decide` accepts every command
 * it makes: which sources and reports exist, which claims may still be amended or retracted
 * (a bounded pool of recent chain heads), aliases and stream revisions. It keeps only ids and
 * subjects, not events, so a million-event load costs little memory.
 */
export class LoadContext implements DecisionContext {
  readonly sources: string[] = [];
  readonly reports: string[] = [];
  readonly aliases = new Map<string, string>();
  readonly aliasNames: string[] = [];
  /** Chain heads that may be amended or retracted, with what they are about. */
  readonly heads: string[] = [];
  private readonly headInfo = new Map<string, { subject: string; property: string }>();
  private readonly knownSources = new Set<string>();
  private readonly knownReports = new Set<string>();
  private readonly revisions = new Map<string, bigint>();

  constructor(private readonly maxHeads: number) {}

  source(id: string): SourceRegistered | undefined {
    return this.knownSources.has(id) ? { type: 'SourceRegistered', sourceId: id, name: id, kind: 'other', reliability: 'F' } : undefined;
  }

  report(id: string): ReportRecorded | undefined {
    return this.knownReports.has(id) ? { type: 'ReportRecorded', reportId: id, outlet: id, publishedAt: null } : undefined;
  }

  claim(id: string): KnownClaim | undefined {
    const info = this.headInfo.get(id);
    if (!info) return undefined;
    const event: ClaimAsserted = { type: 'ClaimAsserted', claimId: id, ...info, value: null, reportId: '', sourceId: '', hedge: 'stated' };
    return { event, retractedBy: undefined, standingAmendments: [], version: 0n };
  }

  retraction(_id: string): ClaimRetracted | undefined {
    return undefined;
  }

  aliasOf(subject: string): string | undefined {
    return this.aliases.get(subject);
  }

  streamRevision(stream: string): bigint | null {
    return this.revisions.get(stream) ?? null;
  }

  headAbout(id: string): { subject: string; property: string } | undefined {
    return this.headInfo.get(id);
  }

  /** Takes a decided command into account, as appending its events would. */
  record(decision: Decision, headIndex: number | undefined): void {
    const revision = this.revisions.get(decision.stream);
    this.revisions.set(decision.stream, (revision ?? -1n) + BigInt(decision.events.length));
    for (const event of decision.events) {
      switch (event.type) {
        case 'SourceRegistered':
          this.knownSources.add(event.sourceId);
          this.sources.push(event.sourceId);
          break;
        case 'ReportRecorded':
          this.knownReports.add(event.reportId);
          this.reports.push(event.reportId);
          break;
        case 'ClaimAsserted':
          this.addHead(event.claimId, event.subject, event.property);
          break;
        case 'ClaimAmended':
          this.removeHead(headIndex!);
          this.addHead(event.claimId, event.subject, event.property);
          break;
        case 'ClaimRetracted':
          this.removeHead(headIndex!);
          break;
        case 'SubjectAliased':
          this.aliases.set(event.alias, event.canonical);
          this.aliasNames.push(event.alias);
          break;
      }
    }
  }

  private addHead(id: string, subject: string, property: string): void {
    this.headInfo.set(id, { subject, property });
    this.heads.push(id);
    // Corrections target recent claims: past the bound, the oldest half is forgotten.
    if (this.heads.length > this.maxHeads) {
      for (const old of this.heads.splice(0, this.maxHeads / 2)) this.headInfo.delete(old);
    }
  }

  private removeHead(index: number): void {
    const id = this.heads[index]!;
    this.headInfo.delete(id);
    this.heads[index] = this.heads[this.heads.length - 1]!;
    this.heads.pop();
  }
}
