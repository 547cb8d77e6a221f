import { describe, expect, it } from 'vitest';
import { stringifyJson, toJsonValue } from '../../src/runtime/json.js';

describe('toJsonValue / stringifyJson', () => {
  it('writes positions as numbers and times as ISO strings, dropping undefined fields', () => {
    const body = { position: 42n, recordedAt: new Date('2026-11-24T10:00:00Z'), missing: undefined, list: [1n, null] };
    expect(toJsonValue(body)).toEqual({ position: 42, recordedAt: '2026-11-24T10:00:00.000Z', list: [1, null] });
  });

  it('keeps a position beyond 2^53 exact, as a string', () => {
    expect(toJsonValue(2n ** 60n)).toBe('1152921504606846976');
  });

  it('keeps "__proto__" and "constructor" keys of a claimed value as ordinary keys', () => {
    const claimed = JSON.parse('{"__proto__":{"a":1},"constructor":2,"b":3}');
    expect(JSON.parse(stringifyJson({ value: claimed }))).toEqual({ value: JSON.parse('{"__proto__":{"a":1},"constructor":2,"b":3}') });
    expect(stringifyJson(claimed)).toBe('{"__proto__":{"a":1},"constructor":2,"b":3}');
  });
});
