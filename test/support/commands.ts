import type { CommandInput } from '../../src/domain/commands.js';

/** Builders for commands as a caller writes them; every field not given gets a plain default. */
type Input<Type extends CommandInput['type']> = Extract<CommandInput, { type: Type }>;
type Extra<Type extends CommandInput['type'], Given extends string> = Partial<Omit<Input<Type>, 'type' | Given>>;

export const registerSource = (sourceId: string, extra: Extra<'RegisterSource', 'sourceId'> = {}): Input<'RegisterSource'> => ({
  type: 'RegisterSource',
  sourceId,
  name: `Source ${sourceId}`,
  kind: 'other',
  ...extra,
});

export const recordReport = (reportId: string, extra: Extra<'RecordReport', 'reportId'> = {}): Input<'RecordReport'> => ({
  type: 'RecordReport',
  reportId,
  outlet: `Outlet of ${reportId}`,
  ...extra,
});

/** Attribution defaults to source `s1` in report `r1`, hedge `stated`. */
export const assertClaim = (
  claimId: string,
  subject: string,
  property: string,
  value: unknown,
  extra: Extra<'AssertClaim', 'claimId' | 'subject' | 'property' | 'value'> = {},
): Input<'AssertClaim'> => ({
  type: 'AssertClaim',
  claimId,
  subject,
  property,
  value,
  reportId: 'r1',
  sourceId: 's1',
  hedge: 'stated',
  ...extra,
});

export const amendClaim = (
  claimId: string,
  amends: string,
  value: unknown,
  extra: Extra<'AmendClaim', 'claimId' | 'amends' | 'value'> = {},
): Input<'AmendClaim'> => ({
  type: 'AmendClaim',
  claimId,
  amends,
  value,
  reportId: 'r1',
  sourceId: 's1',
  hedge: 'stated',
  ...extra,
});

export const retractClaim = (
  retractionId: string,
  claimId: string,
  extra: Extra<'RetractClaim', 'retractionId' | 'claimId'> = {},
): Input<'RetractClaim'> => ({
  type: 'RetractClaim',
  retractionId,
  claimId,
  reportId: 'r1',
  sourceId: 's1',
  ...extra,
});

export const aliasSubject = (alias: string, canonical: string): Input<'AliasSubject'> => ({
  type: 'AliasSubject',
  alias,
  canonical,
});

export const exact = (n: number) => ({ kind: 'exact', n }) as const;
export const approximate = (n: number) => ({ kind: 'approximate', n }) as const;
export const range = (min: number, max: number) => ({ kind: 'range', min, max }) as const;
export const atLeast = (min: number) => ({ kind: 'atLeast', min }) as const;
export const atMost = (max: number) => ({ kind: 'atMost', max }) as const;
export const undisclosed = () => ({ kind: 'undisclosed' }) as const;
