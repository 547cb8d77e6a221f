/** What each entry field is called and what it expects, in the reader's words. */
export const FIELD_LABELS: Record<string, string> = {
  claimId: 'Claim id',
  subject: 'Subject',
  property: 'Property',
  value: 'Value',
  'value.kind': 'Quantity',
  'value.n': 'Number',
  'value.min': 'At least',
  'value.max': 'At most',
  hedge: 'Hedge (how firmly it was said)',
  sourceId: 'Source id',
  reportId: 'Report id',
  quote: 'Quote',
  'validTime.text': 'When it holds, as worded',
  'validTime.precision': 'Precision of that time',
  amends: 'Amends claim',
  reason: 'Reason',
  retractionId: 'Retraction id',
  reasonCode: 'Reason code',
  ifMatch: 'If-Match (ETag of the claim as you read it)',
  token: 'Writer token',
};

/** The claim id means the new claim, except in a retraction, where it names the one withdrawn. */
export function labelOf(field: string, kind: 'claim' | 'amend' | 'retract'): string {
  if (field === 'claimId' && kind === 'amend') return 'New claim id';
  if (field === 'claimId' && kind === 'retract') return 'Claim to retract';
  return FIELD_LABELS[field] ?? field;
}

const FIELD_HINTS: Record<string, string> = {
  claimId: 'Yours to choose; sending the same id again records nothing new.',
  subject: 'kind:id, e.g. transfer:syria-iraq-1',
  property: 'e.g. detainees.count, status, facility.assignment',
  value: 'Plain text, or JSON for structured values.',
  quote: 'The words of the report, verbatim.',
  'validTime.text': 'e.g. "last week"',
  ifMatch: 'Filled in when you start from a claim; the write is refused if the claim changed since.',
  token: 'Kept for this tab only and sent as a bearer header, never in the address.',
  retractionId: 'Yours to choose, like a claim id.',
};

export function hintOf(field: string, kind: 'claim' | 'amend' | 'retract'): string | undefined {
  if (field === 'claimId' && kind === 'retract') return 'The claim that no longer stands.';
  return FIELD_HINTS[field];
}

interface Outcome {
  type?: string;
  id?: string;
  status?: string;
  position?: number;
}

/** "Recorded AmendClaim c20 at position 37", from whatever the server said. */
export function resultMessage(result: unknown, command: Record<string, unknown>): string {
  const outcomes = (result as { outcomes?: Outcome[] } | null)?.outcomes;
  const outcome = Array.isArray(outcomes) ? outcomes[0] : undefined;
  const what = `${String(command.type)} ${String(command.claimId ?? command.retractionId ?? '')}`.trim();
  if (outcome?.status === 'unchanged') return `${what} was already recorded with this body; nothing changed.`;
  return outcome?.position !== undefined ? `Recorded ${what} at position ${outcome.position}.` : `Recorded ${what}.`;
}
