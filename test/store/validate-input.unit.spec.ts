import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidStoreInputError } from '../../src/store/index.js';
import { checkAppend, encodeInParts, prepareAppend } from '../../src/store/validate-input.js';
import { findNonJson } from '../../src/store/validate-json.js';

describe('findNonJson', () => {
  it('accepts every JSON value, and JSON text round-trips it unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(findNonJson(value, 'data')).toBeNull();
        // Compared as text: JSON has no -0, which fast-check generates and JSON writes as 0.
        const text = JSON.stringify(value);
        expect(JSON.stringify(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('finds a non-JSON value planted anywhere, with its path', () => {
    const poison = fc.constantFrom<unknown>(undefined, 1n, () => 1, Symbol('s'), Number.NaN, -Infinity, new Date(0), new Map());
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.nat(5), poison, (list, at, bad) => {
        const index = Math.min(at, list.length);
        const data = { list: [...list.slice(0, index), bad, ...list.slice(index)] };
        expect(findNonJson(data, 'data')).toMatchObject({ path: `data.list[${index}]` });
      }),
    );
  });

  it('tells a cycle from a shared (acyclic) reference, and names odd keys safely', () => {
    const shared = { x: 1 };
    expect(findNonJson({ a: shared, b: shared }, 'd')).toBeNull();
    const loop: Record<string, unknown> = {};
    loop.again = [loop];
    expect(findNonJson(loop, 'd')).toMatchObject({ path: 'd.again[0]', problem: expect.stringMatching(/cyclic/) });
    expect(findNonJson({ 'a b': undefined }, 'd')).toMatchObject({ path: 'd["a b"]' });
    // eslint-disable-next-line no-sparse-arrays
    expect(findNonJson([1, , 3], 'd')).toMatchObject({ path: 'd[1]' });
  });

  it('reports the first problem in key order, a cycle where it closes, and nesting too deep', () => {
    const cycleFirst: Record<string, unknown> = {};
    cycleFirst.self = cycleFirst;
    cycleFirst.after = undefined;
    expect(findNonJson(cycleFirst, 'd')).toMatchObject({ path: 'd.self', problem: expect.stringMatching(/cyclic/) });
    const problemFirst: Record<string, unknown> = { before: Number.NaN };
    problemFirst.self = problemFirst;
    expect(findNonJson(problemFirst, 'd')).toMatchObject({ path: 'd.before', problem: expect.stringMatching(/NaN/) });
    const outer: Record<string, unknown> = {};
    outer.inner = { fine: [1, { x: 'y' }], back: outer };
    outer.later = 1n;
    expect(findNonJson(outer, 'd')).toMatchObject({ path: 'd.inner.back', problem: expect.stringMatching(/cyclic/) });

    let deep: unknown = 'bottom';
    for (let depth = 0; depth < 300; depth++) deep = { next: deep };
    expect(findNonJson(deep, 'd')).toMatchObject({ path: `d${'.next'.repeat(256)}`, problem: 'nested deeper than 256 levels' });
    let deepest: unknown = 'bottom';
    for (let depth = 0; depth < 256; depth++) deepest = [deepest];
    expect(findNonJson(deepest, 'd')).toBeNull();
  });
});

describe('prepareAppend', () => {
  it('measures size in UTF-8 bytes of data + metadata JSON', () => {
    const event = { id: 'e', type: 'T', data: 'é'.repeat(40), metadata: { k: 'v' } };
    // "é" is two bytes: 2 quotes + 80 bytes of data, plus {"k":"v"} (9 bytes) = 91.
    expect(() => prepareAppend('s', [event], undefined, 91)).not.toThrow();
    expect(() => prepareAppend('s', [event], undefined, 90)).toThrow(InvalidStoreInputError);
  });

  it('refuses names with control characters or lone surrogates', () => {
    expect(() => prepareAppend('a\nb', [{ id: 'e', type: 'T', data: 1 }], undefined, 1000)).toThrow(/control/);
    expect(() => prepareAppend('a\ud800b', [{ id: 'e', type: 'T', data: 1 }], undefined, 1000)).toThrow(/surrogate/);
  });
});

describe('checkAppend and encodeInParts (an append prepared in two passes)', () => {
  const events = (count: number) => Array.from({ length: count }, (_, n) => ({ id: `e${n}`, type: 'T', data: { n } }));

  it('checks every id and type before any data is encoded', () => {
    const list: unknown[] = events(5);
    list[1] = { id: 'e1', type: 'T', data: { n: Number.NaN } };
    list[3] = { id: 'e0', type: 'T', data: {} };
    expect(() => checkAppend('s', list, undefined)).toThrow(expect.objectContaining({ where: 'events[3].id', message: expect.stringMatching(/repeats events\[0\]\.id/) }));
  });

  it('encodes the events a part at a time, in order, naming a bad one by its place in the whole append', () => {
    const checked = checkAppend('s', events(7), undefined);
    const parts = [...encodeInParts(checked, 1000, 3)];
    expect(parts.map((part) => part.map((e) => e.id))).toEqual([['e0', 'e1', 'e2'], ['e3', 'e4', 'e5'], ['e6']]);
    expect(parts.flat().map((e) => e.dataJson)).toEqual(prepareAppend('s', events(7), undefined, 1000).events.map((e) => e.dataJson));

    checked.events[4]!.data = { n: undefined };
    const lazily = encodeInParts(checked, 1000, 3);
    expect(lazily.next().value).toHaveLength(3);
    expect(() => lazily.next()).toThrow(expect.objectContaining({ where: 'events[4].data.n' }));
  });
});

