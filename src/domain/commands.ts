import { z } from 'zod';
import { Id, Property, Subject, subjectKind } from './ids.js';
import { AnyJson, valueIssues } from './values.js';

const Name = z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters');
const LongText = z.string().max(4000, 'must be at most 4000 characters');
const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-24T10:00:00Z' });
const IsoDate = z.iso.date({ message: 'must be an ISO date, e.g. 2026-11-17' });

export const SourceKind = z.enum([
  'named-official',
  'official-body',
  'anonymous-officials',
  'unnamed-sources',
  'media',
  'ngo',
  'other',
]);
/** Admiralty source reliability: A (completely reliable) … E (unreliable), F (cannot be judged). */
export const Reliability = z.enum(['A', 'B', 'C', 'D', 'E', 'F']);
/** Strongest first (FactBank-style hedging scale). */
export const Hedge = z.enum(['confirmed', 'stated', 'reported', 'indicated', 'unconfirmed']);
/** Admiralty information credibility, 1 (confirmed by other sources) … 6 (cannot be judged). */
export const Credibility = z.number().int().min(1).max(6);
export const RetractionReason = z.enum(['superseded', 'incorrect', 'source-retracted', 'duplicate', 'misattributed']);

export const ValidTime = z.strictObject({
  text: LongText.optional(),
  precision: z.enum(['day', 'week', 'month', 'year', 'unknown']),
  /** The earliest day the fact may hold from, when known. */
  start: IsoDate.optional(),
  /** The latest day, for a span. */
  end: IsoDate.optional(),
});

export const RegisterSource = z.strictObject({
  type: z.literal('RegisterSource'),
  sourceId: Id,
  name: Name,
  kind: SourceKind,
  role: Name.optional(),
  affiliation: Name.optional(),
  reliability: Reliability.default('F'),
  notes: LongText.optional(),
});

export const RecordReport = z.strictObject({
  type: z.literal('RecordReport'),
  reportId: Id,
  outlet: Name,
  title: LongText.optional(),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048).optional(),
  byline: Name.optional(),
  publishedAt: IsoDateTime.nullable().default(null),
  retrievedAt: IsoDateTime.optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en').optional(),
  contentHash: z.string().regex(/^[A-Za-z0-9:+/=_-]{8,200}$/, 'must be a hash such as sha256:…').optional(),
});

const attribution = {
  reportId: Id,
  sourceId: Id,
  hedge: Hedge,
  quote: LongText.optional(),
  validTime: ValidTime.optional(),
  credibility: Credibility.optional(),
};

export const AssertClaim = z
  .strictObject({
    type: z.literal('AssertClaim'),
    claimId: Id,
    subject: Subject,
    property: Property,
    value: AnyJson,
    ...attribution,
  })
  .superRefine((claim, ctx) => {
    for (const issue of valueIssues(claim.property, claim.value)) {
      ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
    }
  });

/** The amended value is checked against the target's property when the command is decided. */
export const AmendClaim = z.strictObject({
  type: z.literal('AmendClaim'),
  claimId: Id,
  amends: Id,
  value: AnyJson,
  reason: LongText.optional(),
  ...attribution,
});

export const RetractClaim = z.strictObject({
  type: z.literal('RetractClaim'),
  retractionId: Id,
  claimId: Id,
  reportId: Id,
  sourceId: Id,
  reason: LongText.optional(),
  reasonCode: RetractionReason.optional(),
});

export const AliasSubject = z
  .strictObject({
    type: z.literal('AliasSubject'),
    alias: Subject,
    canonical: Subject,
  })
  .refine((a) => subjectKind(a.alias) === subjectKind(a.canonical), {
    message: 'alias and canonical must be subjects of the same kind',
    path: ['canonical'],
  })
  .refine((a) => a.alias !== a.canonical, { message: 'a subject cannot alias itself', path: ['canonical'] });

/** Interchange format v1: one of these per NDJSON line, or per element of a POST body. */
export const Command = z.discriminatedUnion('type', [
  RegisterSource,
  RecordReport,
  AssertClaim,
  AmendClaim,
  RetractClaim,
  AliasSubject,
]);

export type RegisterSource = z.infer<typeof RegisterSource>;
export type RecordReport = z.infer<typeof RecordReport>;
export type AssertClaim = z.infer<typeof AssertClaim>;
export type AmendClaim = z.infer<typeof AmendClaim>;
export type RetractClaim = z.infer<typeof RetractClaim>;
export type AliasSubject = z.infer<typeof AliasSubject>;
export type Command = z.infer<typeof Command>;
/** A command as written by the caller, before defaults are applied. */
export type CommandInput = z.input<typeof Command>;
export type Hedge = z.infer<typeof Hedge>;
export type Reliability = z.infer<typeof Reliability>;
export type SourceKind = z.infer<typeof SourceKind>;
export type ValidTime = z.infer<typeof ValidTime>;

export const HEDGE_ORDER: readonly Hedge[] = Hedge.options;
export const RELIABILITY_ORDER: readonly Reliability[] = Reliability.options;

/** The caller-chosen id that makes a command idempotent. */
export function primaryIdOf(command: Command): string {
  switch (command.type) {
    case 'RegisterSource':
      return command.sourceId;
    case 'RecordReport':
      return command.reportId;
    case 'AssertClaim':
    case 'AmendClaim':
      return command.claimId;
    case 'RetractClaim':
      return command.retractionId;
    case 'AliasSubject':
      return command.alias;
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}
