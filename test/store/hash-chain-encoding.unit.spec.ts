import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainHash, linkHash, type ChainedEvent } from '../../src/store/sqlite/hash-chain.js';
import { canonicalJson } from '../../src/canonical-json.js';
import type { JsonObject, JsonValue } from '../../src/store/contract.js';

/** The definition: SHA-256 over the library's canonical JSON of the whole event. */
function hashByDefinition(event: ChainedEvent): string {
  const whole = { ...event, position: event.position.toString(), revision: event.revision.toString() };
  return createHash('sha256').update(canonicalize(whole)!, 'utf8').digest('hex');
}

const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const event = fc.record({
  position: fc.bigInt({ min: 1n, max: 2n ** 62n }),
  streamId: text.filter((s) => s.length > 0),
  revision: fc.bigInt({ min: 0n, max: 2n ** 62n }),
  id: text.filter((s) => s.length > 0),
  type: text.filter((s) => s.length > 0),
  data: fc.jsonValue() as fc.Arbitrary<JsonValue>,
  metadata: fc.dictionary(text, fc.jsonValue()) as fc.Arbitrary<JsonObject>,
  created: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  prevHash: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
});

describe('chainHash', () => {
  it('hashes exactly the RFC 8785 canonical JSON of the whole event', () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(chainHash(e)).toBe(hashByDefinition(e));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same hash for a link whose data and metadata were encoded by the reference library', () => {
    fc.assert(
      fc.property(event, ({ data, metadata, ...link }) => {
        const encoded = linkHash({ ...link, canonicalData: canonicalize(data)!, canonicalMetadata: canonicalize(metadata)! });
        expect(encoded).toBe(chainHash({ ...link, data, metadata }));
      }),
    );
  });
});

describe('canonicalJson', () => {
  const anyJson = fc.jsonValue({ maxDepth: 4 });
  it('writes exactly what the RFC 8785 reference library writes, for any JSON value', () => {
    fc.assert(
      fc.property(anyJson, fc.jsonValue({ stringUnit: 'binary' }), (value, unicode) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
        expect(canonicalJson(unicode)).toBe(canonicalize(unicode));
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses what JSON cannot carry instead of writing something else', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, () => 1, 1n, undefined]) expect(() => canonicalJson(bad)).toThrow();
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => canonicalJson(cycle)).toThrow();
  });
});
