import fc from 'fast-check';

/**
 * Commands that are valid against a ledger holding the seed story (fresh ids, references to
 * the seed's source, report and claims). The hostile cases start from one of these and break
 * it, so that what a case gets refused for is the break and nothing else.
 */
export type CommandObject = Record<string, unknown>;

export const SEED_SOURCE = 'gov-spokesperson';
export const SEED_REPORT = 'seed-article';
export const SEED_COUNT_CLAIM = 't1.count.awadi';

const token = fc.stringMatching(/^[a-z0-9]{1,10}$/);
/** Fresh ids carry a prefix no seed id has, so they can never collide with one. */
export const freshId = (prefix: string) => token.map((t) => `${prefix}${t}`);
const name = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const hedge = fc.constantFrom('confirmed', 'stated', 'reported', 'indicated', 'unconfirmed');
const count = fc.integer({ min: 0, max: 1_000_000 });

export const quantity = fc.oneof(
  count.map((n) => ({ kind: 'exact', n })),
  count.map((n) => ({ kind: 'approximate', n })),
  fc.tuple(count, count).map(([a, b]) => ({ kind: 'range', min: Math.min(a, b), max: Math.max(a, b) })),
  count.map((min) => ({ kind: 'atLeast', min })),
  count.map((max) => ({ kind: 'atMost', max })),
  fc.constant({ kind: 'undisclosed' }),
);

const attribution = { reportId: fc.constant(SEED_REPORT), sourceId: fc.constant(SEED_SOURCE), hedge };

export const registerSource = fc.record({
  type: fc.constant('RegisterSource'),
  sourceId: freshId('h-src-'),
  name,
  kind: fc.constantFrom('named-official', 'official-body', 'anonymous-officials', 'unnamed-sources', 'media', 'ngo', 'other'),
  reliability: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
});

export const recordReport = fc.record(
  { type: fc.constant('RecordReport'), reportId: freshId('h-rep-'), outlet: name, title: name },
  { requiredKeys: ['type', 'reportId', 'outlet'] },
);

export const assertCount = fc.record(
  {
    type: fc.constant('AssertClaim'),
    claimId: freshId('h-claim-'),
    subject: freshId('transfer:h-'),
    property: fc.constant('detainees.count'),
    value: quantity,
    ...attribution,
    quote: name,
  },
  { requiredKeys: ['type', 'claimId', 'subject', 'property', 'value', 'reportId', 'sourceId', 'hedge'] },
);

export const assertStatus = fc.record({
  type: fc.constant('AssertClaim'),
  claimId: freshId('h-claim-'),
  subject: freshId('transfer:h-'),
  property: fc.constant('status'),
  value: fc.constantFrom('planned', 'underway', 'completed', 'cancelled'),
  ...attribution,
});

export const amendCount = fc.record(
  {
    type: fc.constant('AmendClaim'),
    claimId: freshId('h-amend-'),
    amends: fc.constant(SEED_COUNT_CLAIM),
    value: quantity,
    ...attribution,
    reason: name,
  },
  { requiredKeys: ['type', 'claimId', 'amends', 'value', 'reportId', 'sourceId', 'hedge'] },
);

export const retractClaim = fc.record({
  type: fc.constant('RetractClaim'),
  retractionId: freshId('h-retract-'),
  claimId: fc.constantFrom(SEED_COUNT_CLAIM, 't1.status.awadi', 't2.count.outlet'),
  reportId: fc.constant(SEED_REPORT),
  sourceId: fc.constant(SEED_SOURCE),
});

export const aliasSubject = fc.record({
  type: fc.constant('AliasSubject'),
  alias: freshId('facility:h-'),
  canonical: fc.constantFrom('facility:al-hout', 'facility:cropper'),
});

export const anyBase: fc.Arbitrary<CommandObject> = fc.oneof(
  registerSource,
  recordReport,
  assertCount,
  assertStatus,
  amendCount,
  retractClaim,
  aliasSubject,
);

/** Bases that carry a quantity in `value`, for the numeric cases. */
export const quantityBase: fc.Arbitrary<CommandObject> = fc.oneof(assertCount, amendCount);

/** Every field name the interchange format knows, so an "unknown" field is really unknown. */
export const KNOWN_FIELDS = new Set([
  'type', 'sourceId', 'name', 'kind', 'role', 'affiliation', 'reliability', 'notes', 'reportId', 'outlet', 'title', 'url',
  'byline', 'publishedAt', 'retrievedAt', 'language', 'contentHash', 'claimId', 'subject', 'property', 'value', 'hedge',
  'quote', 'validTime', 'credibility', 'amends', 'reason', 'retractionId', 'reasonCode', 'alias', 'canonical',
]);

const PRIMARY_ID = ['sourceId', 'reportId', 'claimId', 'alias'] as const;

/** The command with its own id prefixed, so that it cannot clash with any other command's. */
function renamed(command: CommandObject, prefix: string): CommandObject {
  const copy = { ...command };
  for (const key of PRIMARY_ID) {
    if (typeof copy[key] !== 'string') continue;
    // A claim cites the seed's source and report: only the ids it introduces are renamed.
    if ((key === 'sourceId' && command.type !== 'RegisterSource') || (key === 'reportId' && command.type !== 'RecordReport')) continue;
    const id = copy[key] as string;
    copy[key] = key === 'alias' ? id.replace(':', `:${prefix}`) : `${prefix}${id}`;
  }
  return copy;
}

/**
 * Up to `maxLength` valid commands that depend on nothing but the seed story and not on each
 * other (no amendments or retractions, which would race for the same claim): to travel with
 * hostile commands, which must then be refused with them.
 */
export function independentCommands(maxLength: number): fc.Arbitrary<CommandObject[]> {
  return fc
    .array(fc.oneof(registerSource, recordReport, assertCount, assertStatus, aliasSubject), { maxLength })
    .map((commands) => commands.map((command, i) => renamed(command, `ok${i}-`)));
}
