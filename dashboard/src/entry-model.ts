import type { ClaimBody } from './types.js';

export type EntryKind = 'claim' | 'amend' | 'retract';

/** The form's fields as typed, keyed by the command field they fill (`value.n`, `validTime.text`). */
export interface Draft {
  kind: EntryKind;
  fields: Record<string, string>;
  /** Edit the value as a quantity (kind + numbers) instead of as text or JSON. */
  quantity: boolean;
  /** ETag of the claim being amended or retracted, sent as If-Match. */
  ifMatch: string;
}

export const HEDGES = ['confirmed', 'stated', 'reported', 'indicated', 'unconfirmed'] as const;
export const QUANTITY_KINDS = ['exact', 'approximate', 'range', 'atLeast', 'atMost', 'undisclosed'] as const;
export const REASON_CODES = ['superseded', 'incorrect', 'source-retracted', 'duplicate', 'misattributed'] as const;
export const PRECISIONS = ['day', 'week', 'month', 'year', 'unknown'] as const;
const QUANTITY_PROPERTIES = new Set(['detainees.count', 'planned.total']);

/** The number fields a quantity of this kind has. */
export function quantityFields(kind: string): string[] {
  if (kind === 'exact' || kind === 'approximate') return ['value.n'];
  if (kind === 'range') return ['value.min', 'value.max'];
  if (kind === 'atLeast') return ['value.min'];
  if (kind === 'atMost') return ['value.max'];
  return [];
}

/** A fresh id the writer can keep or change; ids are the caller's, which makes writes idempotent. */
export function freshId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function blankDraft(kind: EntryKind): Draft {
  const fields: Record<string, string> = { hedge: 'reported', 'value.kind': 'exact' };
  if (kind === 'retract') fields.retractionId = freshId('x');
  else fields.claimId = freshId('c');
  return { kind, fields, quantity: false, ifMatch: '' };
}

export const isQuantityProperty = (property: string): boolean => QUANTITY_PROPERTIES.has(property.trim());

function valueFields(value: unknown): { fields: Record<string, string>; quantity: boolean } {
  const q = value as { kind?: unknown; n?: number; min?: number; max?: number } | null;
  if (q && typeof q === 'object' && typeof q.kind === 'string' && (QUANTITY_KINDS as readonly string[]).includes(q.kind)) {
    const fields: Record<string, string> = { 'value.kind': q.kind };
    if (q.n !== undefined) fields['value.n'] = String(q.n);
    if (q.min !== undefined) fields['value.min'] = String(q.min);
    if (q.max !== undefined) fields['value.max'] = String(q.max);
    return { fields, quantity: true };
  }
  return { fields: { value: typeof value === 'string' ? value : JSON.stringify(value) }, quantity: false };
}

/** An amendment of a claim, starting from what it says, guarded by the ETag just read. */
export function amendDraft(claim: ClaimBody): Draft {
  const { fields, quantity } = valueFields(claim.claim.value);
  return {
    kind: 'amend',
    fields: {
      claimId: freshId(`${claim.claim.claimId}.v`),
      amends: claim.claim.claimId,
      sourceId: claim.claim.sourceId,
      reportId: claim.claim.reportId,
      hedge: claim.claim.hedge,
      ...fields,
    },
    quantity,
    ifMatch: claim.etag,
  };
}

export function retractDraft(claim: ClaimBody): Draft {
  return {
    kind: 'retract',
    fields: {
      retractionId: freshId('x'),
      claimId: claim.claim.claimId,
      sourceId: claim.claim.sourceId,
      reportId: claim.claim.reportId,
      'value.kind': 'exact',
      hedge: claim.claim.hedge,
    },
    quantity: false,
    ifMatch: claim.etag,
  };
}

/** The fields the form shows for a draft, in order; errors are placed on these. */
export function visibleFields(draft: Draft): string[] {
  const value = draft.quantity ? ['value.kind', ...quantityFields(draft.fields['value.kind'] ?? 'exact')] : ['value'];
  const attribution = ['sourceId', 'reportId'];
  switch (draft.kind) {
    case 'claim':
      return ['claimId', 'subject', 'property', ...value, 'hedge', ...attribution, 'quote', 'validTime.text', 'validTime.precision'];
    case 'amend':
      return ['amends', 'claimId', ...value, 'hedge', ...attribution, 'quote', 'reason', 'ifMatch'];
    case 'retract':
      return ['claimId', 'retractionId', ...attribution, 'reasonCode', 'reason', 'ifMatch'];
  }
}

/** Text that looks like JSON is JSON; anything else is a plain string ("completed", "Iraq"). */
function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^([[{"]|-?\d|true$|false$|null$)/.test(trimmed)) return JSON.parse(trimmed);
  return trimmed;
}

function numberOrText(text: string | undefined): unknown {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export type Built = { command: Record<string, unknown> } | { fieldErrors: Record<string, string> };

/** The command a draft describes, or the fields that cannot be read (only JSON syntax is checked here). */
export function buildCommand(draft: Draft): Built {
  const f = (name: string): string => (draft.fields[name] ?? '').trim();
  const optional = (name: string): string | undefined => f(name) || undefined;
  let value: unknown;
  if (draft.quantity) {
    value = { kind: f('value.kind') || 'exact' };
    for (const name of quantityFields(f('value.kind'))) (value as Record<string, unknown>)[name.slice(6)] = numberOrText(f(name));
  } else if (draft.kind !== 'retract') {
    try {
      value = parseValue(draft.fields.value ?? '');
    } catch (error) {
      return { fieldErrors: { value: `is not valid JSON (${(error as Error).message}); plain text needs no quotes` } };
    }
  }
  const validTime = f('validTime.text') || f('validTime.precision')
    ? { text: optional('validTime.text'), precision: f('validTime.precision') || 'unknown' }
    : undefined;
  const attribution = { sourceId: f('sourceId'), reportId: f('reportId') };
  const bodies: Record<EntryKind, () => Record<string, unknown>> = {
    claim: () => ({
      type: 'AssertClaim', claimId: f('claimId'), subject: f('subject'), property: f('property'), value,
      hedge: f('hedge'), ...attribution, quote: optional('quote'), validTime,
    }),
    amend: () => ({
      type: 'AmendClaim', claimId: f('claimId'), amends: f('amends'), value, hedge: f('hedge'),
      ...attribution, quote: optional('quote'), reason: optional('reason'),
    }),
    retract: () => ({
      type: 'RetractClaim', retractionId: f('retractionId'), claimId: f('claimId'), ...attribution,
      reason: optional('reason'), reasonCode: optional('reasonCode'),
    }),
  };
  return { command: JSON.parse(JSON.stringify(bodies[draft.kind]())) as Record<string, unknown> };
}

/**
 * The field a server error path belongs to: the longest visible field that the path starts
 * with (`value.n` → the n box, `value.groups.x` → the value box); '' when none does.
 */
export function fieldOfPath(path: string, visible: readonly string[]): string {
  const normalized = path
    .replace(/^\//, '')
    .replaceAll('/', '.')
    .replace(/^(body\.)?(\[?\d+\]?\.?)?/, '');
  const lower = normalized.toLowerCase();
  if (lower === 'if-match') return 'ifMatch';
  if (lower === 'authorization') return 'token';
  let best = '';
  for (const field of visible) {
    const matches = normalized === field || normalized.startsWith(`${field}.`) || normalized.startsWith(`${field}[`);
    if (matches && field.length > best.length) best = field;
  }
  if (!best && normalized.startsWith('value') && visible.includes('value.kind')) return 'value.kind';
  return best;
}
