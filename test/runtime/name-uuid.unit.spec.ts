import fc from 'fast-check';
import { v5 as libraryV5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { nameUuids, oneShotSha1, streamedSha1 } from '../../src/runtime/name-uuid.js';

const NAMESPACE = '3d8f6c1e-5b7a-4f0e-9c2d-6a1b8e4f7c30';

/** Any code points, or any UTF-16 code units (lone surrogates included, which UTF-8 replaces). */
const anyName = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), maxLength: 300 }),
);

/**
 * The ledger takes its name-based UUIDs' hash itself (see name-uuid.ts), so they are held to
 * the `uuid` library's v5 for any name, on either way of hashing: every id already in a log
 * must come out the same.
 */
describe('name-based UUIDs', () => {
  const digests = [
    ['one native call', oneShotSha1],
    ['a Hash object (Node before 20.12)', streamedSha1],
  ] as const;

  it('hash in one native call wherever Node has crypto.hash (20.12+, 21.7+)', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const hasOneShot = major > 21 || (major === 21 && minor >= 7) || (major === 20 && minor >= 12);
    expect(oneShotSha1 !== undefined).toBe(hasOneShot);
  });

  for (const [how, sha1] of digests) {
    it(`equal the uuid library's v5 of the name's UTF-8, hashed with ${how}`, () => {
      const nameUuid = nameUuids(NAMESPACE, sha1);
      fc.assert(
        fc.property(anyName, (name) => {
          expect(nameUuid(name)).toBe(libraryV5(Buffer.from(name, 'utf8'), NAMESPACE));
        }),
        { numRuns: 2_000 },
      );
    });
  }

  it('set the version and variant bits whatever the hash', () => {
    const allOnes = nameUuids(NAMESPACE, () => Buffer.alloc(20, 0xff));
    const allZeros = nameUuids(NAMESPACE, () => Buffer.alloc(20, 0x00));
    expect(allOnes('x')).toBe('ffffffff-ffff-5fff-bfff-ffffffffffff');
    expect(allZeros('x')).toBe('00000000-0000-5000-8000-000000000000');
  });
});
