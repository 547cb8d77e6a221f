import fc from 'fast-check';
import { anyBase, assertStatus, freshId, KNOWN_FIELDS, quantityBase, type CommandObject } from './hostile-bases.js';

/**
 * One hostile input: a valid command (see hostile-bases.ts) broken in one way, or bytes that
 * are not a command at all.
 * - `element`: JSON text of one array element (it parses, it just is not a valid command),
 *   so it can also travel inside a batch of valid commands;
 * - `bytes`: a whole body or NDJSON line (not JSON, or not UTF-8…), sent on its own.
 */
export interface HostileCase {
  kind: string;
  element?: string;
  bytes?: Buffer;
  /** A field path or key the error message must name, when the break is in one field. */
  names?: string;
  /** Only meaningful over HTTP (body limit, content type). */
  httpOnly?: { contentType?: string; overLimit?: boolean };
}

const ID_FIELDS = ['sourceId', 'reportId', 'claimId', 'retractionId', 'amends'] as const;
const STRING_FIELDS = [...ID_FIELDS, 'type', 'name', 'kind', 'outlet', 'subject', 'property', 'hedge', 'alias', 'canonical'];
const REQUIRED: Record<string, string[]> = {
  RegisterSource: ['type', 'sourceId', 'name', 'kind'],
  RecordReport: ['type', 'reportId', 'outlet'],
  AssertClaim: ['type', 'claimId', 'subject', 'property', 'value', 'reportId', 'sourceId', 'hedge'],
  AmendClaim: ['type', 'claimId', 'amends', 'value', 'reportId', 'sourceId', 'hedge'],
  RetractClaim: ['type', 'retractionId', 'claimId', 'reportId', 'sourceId'],
  AliasSubject: ['type', 'alias', 'canonical'],
};
const SUBJECT_FIELDS = ['subject', 'alias', 'canonical'];
const FREE_TEXT_FIELDS = ['name', 'outlet', 'quote', 'reason', 'title'];
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const SUBJECT_PATTERN = /^[a-z][a-z0-9-]*:[A-Za-z0-9._:-]+$/;

/** The base's own string fields among `candidates`. */
const fieldsOf = (base: CommandObject, candidates: readonly string[]) => candidates.filter((key) => typeof base[key] === 'string');
/** Picks one of the base's own string fields (the caller makes sure there is one). */
const fieldOf = (base: CommandObject, candidates: readonly string[]) => fc.constantFrom(...fieldsOf(base, candidates));

/** The base as JSON text with `raw` (any JSON text, even one JSON.stringify cannot make) as the first field. */
function withRawField(base: CommandObject, key: string, raw: string): string {
  const rest = { ...base };
  delete rest[key];
  const text = JSON.stringify(rest);
  return `{${JSON.stringify(key)}:${raw},${text.slice(1)}`;
}

const nested = (depth: number, shape: 'array' | 'object') =>
  shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const wrongTyped = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.integer(), { maxKeys: 3 }),
);

/** Strings that break the id pattern: empty, too long, or holding a character outside it. */
const badId = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 129, max: 2_000 }).map((n) => 'a'.repeat(n)),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9]{0,8}$/), fc.constantFrom(' ', '/', '#', '?', '%', '&', 'é', '€', '😀', '<', '"', '\\', '\u0000', '\t', '\n', '\u202e', '\ufeff', '*', ','), fc.stringMatching(/^[a-z0-9]{0,8}$/))
    .map(([a, bad, b]) => `${a}${bad}${b}`),
).filter((s) => !ID_PATTERN.test(s));

const badSubject = fc
  .oneof(
    fc.constantFrom('transfer', 'transfer:', ':x', 'Transfer:x', '1transfer:x', 'transfer:x y', 'transfer:é', 'transfer:x/../y'),
    fc.integer({ min: 120, max: 400 }).map((n) => `transfer:${'x'.repeat(n)}`),
  )
  .filter((s) => !SUBJECT_PATTERN.test(s) || s.length > 128);

/** Number texts no count may be: too big, unsafe, negative, fractional, or no number at all. */
const badCountText = fc.constantFrom('1e308', '-1e308', '9007199254740993', '9007199254740992', '18446744073709551616', '-1', '-0.5', '0.5', '1.5', '1e-7', '1e21', '"150"', 'null', 'true', '[]', '{}', '[150]');

const INVALID_UTF8 = [[0xff], [0xfe], [0xc0, 0x80], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3]];

/** `bytes` inserted just inside the quotes of one string field's value. */
function insertIntoString(base: CommandObject, key: string, bytes: number[]): Buffer {
  const text = JSON.stringify(base);
  const marker = `${JSON.stringify(key)}:"`;
  const at = Buffer.byteLength(text.slice(0, text.indexOf(marker) + marker.length));
  const raw = Buffer.from(text, 'utf8');
  return Buffer.concat([raw.subarray(0, at), Buffer.from(bytes), raw.subarray(at)]);
}

const malformed = anyBase.chain((base) => {
  const text = JSON.stringify(base);
  return fc
    .oneof(
      fc.integer({ min: 1, max: text.length - 1 }).map((cut) => text.slice(0, cut)),
      fc.constantFrom('x', '}', ']', ',', ':', '"', '{').map((junk) => `${text}${junk}`),
      fc.constant(`${text.slice(0, -1)},}`),
      fc.constant(text.replace(/"/g, "'")),
      fc.constant(text.replace(/"type"/, 'type')),
      fc.constant(`/* note */${text}`),
      fc.constantFrom('NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '01').map((v) => withRawField(base, 'extra', v)),
    )
    .map((bytes): HostileCase => ({ kind: 'malformed JSON', bytes: Buffer.from(bytes, 'utf8') }));
});

const wrongType = anyBase.chain((base) =>
  fc.tuple(fieldOf(base, STRING_FIELDS), wrongTyped).map(([key, value]): HostileCase => ({
    kind: 'wrong type',
    element: JSON.stringify({ ...base, [key]: value }),
    names: key,
  })),
);

const missingField = anyBase.chain((base) =>
  fc.constantFrom(...REQUIRED[String(base.type)]!.filter((key) => key !== 'type')).map((key): HostileCase => {
    const rest = { ...base };
    delete rest[key];
    return { kind: 'missing field', element: JSON.stringify(rest), names: key };
  }),
);

const unknownField = anyBase.chain((base) =>
  fc
    .tuple(
      fc
        .oneof(fc.constantFrom('isAdmin', 'toString', 'hasOwnProperty', 'valueOf', 'position', 'hash', 'id', 'actor'), fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,15}$/))
        .filter((key) => !KNOWN_FIELDS.has(key)),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([key, value]): HostileCase => ({ kind: 'unknown field', element: JSON.stringify({ ...base, [key]: value }), names: key })),
);

const prototypeKey = anyBase.chain((base) =>
  fc
    .constantFrom(
      ['__proto__', '{"isAdmin":true}'],
      ['__proto__', 'null'],
      ['__proto__', '{"__proto__":{"polluted":1}}'],
      ['constructor', '{"prototype":{"isAdmin":true}}'],
      ['prototype', '{"polluted":1}'],
    )
    .map(([key, raw]): HostileCase => ({ kind: `${key} key`, element: withRawField(base, key, raw), names: key })),
);

/** A `__proto__` key where a value object is (a quantity): it must not slip through there either. */
const prototypeInValue = quantityBase.map((base): HostileCase => {
  const text = JSON.stringify(base);
  const element = text.replace('"value":{', '"value":{"__proto__":{"n":1},');
  return { kind: '__proto__ in a value', element, names: '__proto__' };
});

const deepNesting = anyBase.chain((base) =>
  fc
    .tuple(fc.integer({ min: 10_000, max: 12_000 }), fc.constantFrom('array' as const, 'object' as const), fc.constantFrom('value', 'extra', 'whole'))
    .map(([depth, shape, where]): HostileCase => {
      const deep = nested(depth, shape);
      if (where === 'whole') return { kind: 'nesting 10,000 deep', element: deep };
      return { kind: 'nesting 10,000 deep', element: withRawField(base, where, deep) };
    }),
);

const invalidUtf8 = anyBase.chain((base) =>
  fc
    .tuple(fieldOf(base, STRING_FIELDS), fc.constantFrom(...INVALID_UTF8))
    .map(([key, bytes]): HostileCase => ({ kind: 'invalid UTF-8', bytes: insertIntoString(base, key, bytes) })),
);

const nulByte = anyBase.chain((base) =>
  fc.oneof(
    fieldOf(base, STRING_FIELDS).map((key): HostileCase => ({ kind: 'raw NUL byte', bytes: insertIntoString(base, key, [0]) })),
    fc.constant<HostileCase>({ kind: 'raw NUL byte', bytes: Buffer.concat([Buffer.from('{\u0000'), Buffer.from(JSON.stringify(base).slice(1))]) }),
    fieldOf(base, [...ID_FIELDS, ...SUBJECT_FIELDS]).map((key): HostileCase => ({
      kind: 'escaped NUL in an id',
      element: JSON.stringify({ ...base, [key]: `${String(base[key])}\u0000` }),
      names: key,
    })),
  ),
);

const badNumber = quantityBase.chain((base) =>
  fc
    .tuple(fc.constantFrom('exact:n', 'approximate:n', 'range:min', 'range:max', 'atLeast:min', 'atMost:max'), badCountText)
    .map(([slot, raw]): HostileCase => {
      const [kind, field] = slot.split(':') as [string, string];
      const value: Record<string, unknown> = { kind, ...(kind === 'range' ? { min: 1, max: 2 } : {}), [field]: '@@N@@' };
      const element = JSON.stringify({ ...base, value }).replace('"@@N@@"', raw);
      return { kind: `count ${raw}`, element, names: 'value' };
    }),
);

const minAboveMax = quantityBase.chain((base) =>
  fc
    .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }))
    .map(([max, above]): HostileCase => ({
      kind: 'min > max',
      element: JSON.stringify({ ...base, value: { kind: 'range', min: max + above, max } }),
      names: 'value',
    })),
);

/** References to sources, reports and claims the ledger has never seen. */
const dangling = fc.oneof(
  fc.tuple(anyBase.filter((b) => 'sourceId' in b && b.type !== 'RegisterSource'), freshId('missing-')).map(
    ([base, id]): HostileCase => ({ kind: 'dangling source', element: JSON.stringify({ ...base, sourceId: id }), names: 'sourceId' }),
  ),
  fc.tuple(anyBase.filter((b) => 'reportId' in b && b.type !== 'RecordReport'), freshId('missing-')).map(
    ([base, id]): HostileCase => ({ kind: 'dangling report', element: JSON.stringify({ ...base, reportId: id }), names: 'reportId' }),
  ),
  fc.tuple(quantityBase.filter((b) => b.type === 'AmendClaim'), freshId('missing-')).map(
    ([base, id]): HostileCase => ({ kind: 'dangling amendment', element: JSON.stringify({ ...base, amends: id }), names: 'amends' }),
  ),
  fc.tuple(anyBase.filter((b) => b.type === 'RetractClaim'), freshId('missing-')).map(
    ([base, id]): HostileCase => ({ kind: 'dangling retraction', element: JSON.stringify({ ...base, claimId: id }), names: 'claimId' }),
  ),
);

const badIds = fc.oneof(
  anyBase.filter((base) => fieldsOf(base, ID_FIELDS).length > 0).chain((base) =>
    fc.tuple(fieldOf(base, ID_FIELDS), badId).map(([key, id]): HostileCase => ({ kind: 'id outside the pattern', element: JSON.stringify({ ...base, [key]: id }), names: key })),
  ),
  anyBase.filter((base) => fieldsOf(base, SUBJECT_FIELDS).length > 0).chain((base) =>
    fc.tuple(fieldOf(base, SUBJECT_FIELDS), badSubject).map(([key, subject]): HostileCase => ({
      kind: 'subject outside the pattern',
      element: JSON.stringify({ ...base, [key]: subject }),
      names: key,
    })),
  ),
);

const oversized = anyBase.chain((base) => {
  const fields: [string, number][] = [];
  if ('name' in base) fields.push(['name', 300]);
  if ('outlet' in base) fields.push(['outlet', 300]);
  if ('quote' in base || base.type === 'AssertClaim') fields.push(['quote', 4000]);
  if (base.type === 'RecordReport') fields.push(['title', 4000]);
  if (base.type === 'AmendClaim' || base.type === 'RetractClaim') fields.push(['reason', 4000]);
  if (base.type === 'RegisterSource') fields.push(['notes', 4000], ['role', 300]);
  if (fields.length === 0) fields.push(['alias', 128]);
  return fc
    .tuple(fc.constantFrom(...fields), fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('x', 'é', '😀', ' '))
    .map(([[key, limit], extra, char]): HostileCase => {
      // Names are trimmed before they are measured: letters at both ends keep every space in.
      const value = key === 'alias' ? `facility:${'x'.repeat(limit + extra)}` : `a${char.repeat(limit + extra)}a`;
      return { kind: 'oversized string', element: JSON.stringify({ ...base, [key]: value }), names: key };
    });
});

const loneSurrogate = anyBase.filter((base) => fieldsOf(base, FREE_TEXT_FIELDS).length > 0).chain((base) =>
  fc.tuple(fieldOf(base, FREE_TEXT_FIELDS), fc.constantFrom('\\ud800', '\\udfff', '\\udbff\\u0041')).map(
    ([key, escape]): HostileCase => {
      const text = JSON.stringify({ ...base, [key]: `x@@S@@x` }).replace('@@S@@', escape);
      return { kind: 'lone surrogate', element: text, names: key };
    },
  ),
);

const badEnum = anyBase.chain((base) => {
  const fields = ['hedge', 'kind', 'reliability', 'reasonCode', 'type'].filter((key) => key in base);
  const candidates = fields.length > 0 ? fields : ['type'];
  return fc
    .tuple(fc.constantFrom(...candidates), fc.constantFrom('certain', 'CONFIRMED', 'Z', '', ' stated', 'spy', 'registerSource', 'DeleteClaim', 'UpdateEvent'))
    .map(([key, value]): HostileCase => ({ kind: `bad ${key}`, element: JSON.stringify({ ...base, [key]: value }), names: key }));
});

const statusValue = fc
  .tuple(assertStatus, fc.constantFrom('done', 'PLANNED', '', 'planned ', '7'))
  .map(([base, value]): HostileCase => ({ kind: 'bad status', element: JSON.stringify({ ...base, value }), names: 'value' }));

const notACommand = fc
  .constantFrom('null', 'true', '0', '"RegisterSource"', '[]', '{}', '[1,2]', '{"type":"Nope"}', '{"type":null}', '{"type":["RegisterSource"]}')
  .map((element): HostileCase => ({ kind: 'not a command', element }));

/** Every kind of hostile input both interfaces must refuse, in about equal shares. */
export const hostileCase: fc.Arbitrary<HostileCase> = fc.oneof(
  malformed,
  wrongType,
  missingField,
  unknownField,
  prototypeKey,
  prototypeInValue,
  deepNesting,
  invalidUtf8,
  nulByte,
  badNumber,
  minAboveMax,
  dangling,
  badIds,
  oversized,
  loneSurrogate,
  badEnum,
  statusValue,
  notACommand,
);

/** The case as the bytes of one NDJSON line or one body. */
export function bytesOf(hostile: HostileCase): Buffer {
  return hostile.bytes ?? Buffer.from(hostile.element!, 'utf8');
}
