import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJsonForm, jsonForm, stringifyJson } from '../../src/runtime/json.js';

/** What every body must come out as: JSON.stringify, with bigints as numbers (strings beyond 2^53). */
const reference = (value: unknown, indent?: number) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()) : v), indent);

describe('stringifyJson', () => {
  it('writes positions as numbers and times as ISO strings, dropping undefined fields', () => {
    const body = { position: 42n, recordedAt: new Date('2026-11-24T10:00:00Z'), missing: undefined, list: [1n, null], nested: { at: 7n } };
    expect(JSON.parse(stringifyJson(body))).toEqual({ position: 42, recordedAt: '2026-11-24T10:00:00.000Z', list: [1, null], nested: { at: 7 } });
  });

  it('keeps a position beyond 2^53 exact, as a string', () => {
    expect(stringifyJson(2n ** 60n)).toBe('"1152921504606846976"');
    expect(stringifyJson({ position: 2n ** 60n })).toBe('{"position":"1152921504606846976"}');
  });

  it('keeps "__proto__" and "constructor" keys of a claimed value as ordinary keys', () => {
    const claimed = JSON.parse('{"__proto__":{"a":1},"constructor":2,"b":3}');
    expect(JSON.parse(stringifyJson({ value: claimed }))).toEqual({ value: JSON.parse('{"__proto__":{"a":1},"constructor":2,"b":3}') });
    expect(stringifyJson(claimed)).toBe('{"__proto__":{"a":1},"constructor":2,"b":3}');
  });

  it('an empty body, a body of only undefined fields, and one with a toJSON of its own', () => {
    expect(stringifyJson({})).toBe('{}');
    expect(stringifyJson({ a: undefined })).toBe('{}');
    expect(stringifyJson({ toJSON: () => ({ b: 1n }) })).toBe('{"b":1}');
  });

  it('writes any body exactly as JSON.stringify with bigints as numbers would, with and without indent', () => {
    const leaf = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n }),
      fc.date({ noInvalidDate: true }),
      fc.constant(undefined),
      fc.jsonValue(),
    );
    // Lists long enough to be tried on the fast path (64 entries), with and without bigints.
    const list = fc.oneof(fc.array(leaf), fc.array(leaf, { minLength: 64, maxLength: 80 }), fc.array(fc.jsonValue(), { minLength: 64, maxLength: 80 }));
    const body = fc.dictionary(fc.string(), fc.oneof(leaf, list, fc.dictionary(fc.string(), leaf)));
    fc.assert(
      fc.property(body, fc.constantFrom(undefined, 2), (value, indent) => {
        expect(stringifyJson(value, indent)).toBe(reference(value, indent));
      }),
    );
  });

  it('does not hide a cycle', () => {
    const cyclic: Record<string, unknown> = { position: 1n, list: Array.from({ length: 64 }, () => ({})) };
    (cyclic['list'] as unknown[]).push(cyclic);
    expect(() => stringifyJson(cyclic)).toThrow(TypeError);
  });
});

describe('fromJsonForm: a body kept as JSON (a checkpoint keeps the counts so) read back', () => {
  const asOf = { position: 42n, recordedAt: new Date('2026-11-24T10:00:00.123Z'), events: 40 };

  it('gives its asOf back as the ledger makes it, a bigint position and a Date, and writes the same JSON', () => {
    const body = { asOf, total: { interval: [150, null], transfers: 2 } };
    const back = fromJsonForm(jsonForm(body)) as typeof body;
    expect(back.asOf).toEqual(asOf);
    expect(back.asOf.recordedAt).toBeInstanceOf(Date);
    expect(Object.keys(back)).toEqual(['asOf', 'total']);
    expect(stringifyJson(back)).toBe(stringifyJson(body));
  });

  it('keeps a position beyond 2^53, written as a string, exact; the start of the log has no time', () => {
    const far = fromJsonForm(jsonForm({ asOf: { position: 2n ** 60n, recordedAt: null, events: 0 } })) as { asOf: typeof asOf };
    expect(far.asOf).toEqual({ position: 2n ** 60n, recordedAt: null, events: 0 });
  });

  it('leaves alone a body without an asOf, or whose asOf is not of that form', () => {
    const plain = { total: 1 };
    expect(fromJsonForm(plain)).toBe(plain);
    const odd = { asOf: { position: true, recordedAt: null } };
    expect(fromJsonForm(odd)).toBe(odd);
    expect(fromJsonForm([1, 2])).toEqual([1, 2]);
  });
});
