import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Every comparison findToken makes goes through this spy (and still to the real function).
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const { findToken } = await import('../../src/api/auth.js');
const { parseTokens } = await import('../../src/api/tokens.js');
const compare = vi.mocked(crypto.timingSafeEqual);
afterEach(() => compare.mockClear());

const TOKENS = parseTokens('a:writer:first-token-aaaaaaaa,b:reader:second-token-bbbbbbbb,c:writer:x');

/**
 * What a timing attack needs is a comparison that stops early. Reviewed in src/api/auth.ts:
 * tokens are kept as SHA-256 digests; a presented token is hashed and compared with
 * crypto.timingSafeEqual against every configured digest, with no early exit. These tests pin
 * that behaviour down: same number of comparisons, always of two 32-byte digests, whatever
 * is presented and wherever a match is.
 */
describe('bearer tokens are compared in constant time', () => {
  it.each([
    ['the first token', 'first-token-aaaaaaaa', 'a'],
    ['the last token', 'x', 'c'],
    ['a near miss (one character off)', 'first-token-aaaaaaab', undefined],
    ['a prefix of a token', 'first-token', undefined],
    ['a much longer guess', 'first-token-aaaaaaaa'.repeat(500), undefined],
    ['an empty string', '', undefined],
  ])('%s: every configured digest is compared, as 32-byte digests', (_, presented, actor) => {
    expect(findToken(presented, TOKENS)?.actor).toBe(actor);
    expect(compare).toHaveBeenCalledTimes(TOKENS.length);
    for (const [a, b] of compare.mock.calls) {
      expect(a.byteLength).toBe(32);
      expect(b.byteLength).toBe(32);
    }
  });

  it('never compares the secret itself: the configured tokens are not kept in memory', () => {
    for (const token of TOKENS) {
      expect(Object.values(token).some((v) => typeof v === 'string' && /token/.test(v))).toBe(false);
      expect(token.digest.byteLength).toBe(32);
    }
  });
});
