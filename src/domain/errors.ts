import { LedgerError } from '../ledger-error.js';

export interface FieldIssue {
  /** Dotted path into the command, e.g. `value.min`; '' for the whole object. */
  path: string;
  message: string;
  /** 1-based line of an NDJSON file, or index of an element in a POST array. */
  line?: number;
}

/** Input that does not fit the interchange format. Nothing was recorded. */
export class ValidationError extends LedgerError {
  readonly code = 'VALIDATION_FAILED';

  constructor(readonly issues: readonly FieldIssue[]) {
    super(describeIssues(issues), issues[0]?.path);
  }
}

function describeIssues(issues: readonly FieldIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const at = [issue.line === undefined ? '' : `line ${issue.line}`, issue.path].filter(Boolean).join(', ');
    return at ? `${at}: ${issue.message}` : issue.message;
  });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return shown.join('; ') + more;
}

/** Codes of the domain rules a well-formed command can still break. */
export const DOMAIN_RULES = {
  UNKNOWN_SOURCE: 'the command names a source that was never registered',
  UNKNOWN_REPORT: 'the command names a report that was never recorded',
  UNKNOWN_CLAIM: 'the command names a claim that was never asserted',
  CLAIM_RETRACTED: 'a retracted claim cannot be amended',
  CLAIM_ALREADY_AMENDED: 'only the newest link of an amendment chain can be amended',
  CLAIM_ALREADY_RETRACTED: 'the claim was already retracted',
  ID_CONFLICT: 'the id is already recorded with a different body',
  ALIAS_CYCLE: 'the alias would make a cycle',
  ALIAS_CONFLICT: 'the alias already points at another subject',
  VALUE_INVALID: "the value does not fit the claim's property",
} as const;

export type DomainRule = keyof typeof DOMAIN_RULES;

/** A well-formed command that the ledger's rules refuse. Nothing was recorded. */
export class DomainRuleError extends LedgerError {
  constructor(
    readonly code: DomainRule,
    message: string,
    where?: string,
  ) {
    super(message, where);
  }
}

/** An `If-Match` precondition no longer holds; carries the current ETag. */
export class PreconditionFailedError extends LedgerError {
  readonly code = 'PRECONDITION_FAILED';

  constructor(
    readonly claimId: string,
    readonly currentEtag: string,
  ) {
    super(`claim ${claimId} has changed: its current ETag is ${currentEtag}`, 'If-Match');
  }
}

/** A read names something the ledger does not hold (claim, subject, position). */
export class NotFoundError extends LedgerError {
  readonly code = 'NOT_FOUND';
}
