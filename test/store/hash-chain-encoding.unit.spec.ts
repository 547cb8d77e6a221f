import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainHash, type ChainedEvent } from '../../src/store/sqlite/hash-chain.js';
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

  it('gives the same hash when the caller passes the metadata it already encoded', () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(chainHash(e, canonicalize(e.metadata)!)).toBe(chainHash(e));
      }),
    );
  });
});
