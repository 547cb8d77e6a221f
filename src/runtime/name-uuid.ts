import * as crypto from 'node:crypto';
import { parse as parseUuid } from 'uuid';

/** SHA-1 of bytes, as bytes. */
export type Sha1 = (input: Buffer) => Buffer;

/** Hashes with a Hash object: `createHash(…).update(…).digest()`, as the `uuid` library does. */
export const streamedSha1: Sha1 = (input) => crypto.createHash('sha1').update(input).digest();

/**
 * One native call and no Hash object, where Node has `crypto.hash` (20.12+, 21.7+), as
 * link-hash.js hashes the chain's links. A Hash is a stream object with a native handle for
 * the collector to release: under a load of POSTs, two of them a command cost ~5% of the main
 * thread's time (by hand, in alternating runs).
 */
export const oneShotSha1: Sha1 | undefined =
  typeof crypto.hash === 'function' ? (input) => crypto.hash('sha1', input, 'buffer') : undefined;

/**
 * Name-based UUIDs (version 5, RFC 9562 §5.5) in a fixed namespace, the same as the `uuid`
 * library's `v5(Buffer.from(name, 'utf8'), namespace)` (a property test holds it to that), with
 * the hash taken by `sha1`. The library still parses the namespace.
 */
export function nameUuids(namespace: string, sha1: Sha1 = oneShotSha1 ?? streamedSha1): (name: string) => string {
  const namespaceBytes = parseUuid(namespace);
  return (name) => {
    const input = Buffer.allocUnsafe(16 + Buffer.byteLength(name, 'utf8'));
    input.set(namespaceBytes, 0);
    input.write(name, 16, 'utf8');
    const bytes = sha1(input);
    bytes[6] = (bytes[6]! & 0x0f) | 0x50;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    return formatted(bytes);
  };
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Where each of the 16 bytes' two hex digits go in `8-4-4-4-12` form. */
const DIGITS_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
/** Reused: ids are formatted one at a time, synchronously. */
const idText = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');

/**
 * The first 16 bytes in lower-case `8-4-4-4-12` form, written into one buffer and read out as
 * one string. The `uuid` library's `stringify` adds up 20 short strings and then checks the
 * result against a pattern: under a load of POSTs, with two ids a command, ~1.4 KB of garbage
 * a command and ~0.3 µs an id more (by hand, warm, in a loop).
 */
function formatted(bytes: Uint8Array): string {
  for (let i = 0; i < 16; i++) {
    const byte = bytes[i]!;
    const at = DIGITS_AT[i]!;
    idText[at] = HEX_DIGITS[byte >> 4]!;
    idText[at + 1] = HEX_DIGITS[byte & 0x0f]!;
  }
  return idText.toString('latin1');
}
