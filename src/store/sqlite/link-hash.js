// @ts-check
/**
 * One link of the hash chain, computed from text already encoded. Plain JavaScript because
 * the writer thread computes links too (see writer-worker.js); hash-chain.ts re-exports it.
 */
import * as crypto from 'node:crypto';

/** The `prevHash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What a link covers, its data and metadata already in RFC 8785 canonical JSON (as the
 * SQLite engine stores them).
 * @typedef {object} CanonicalLink
 * @property {bigint} position
 * @property {string} streamId
 * @property {bigint} revision
 * @property {string} id
 * @property {string} type
 * @property {string} canonicalData
 * @property {string} canonicalMetadata
 * @property {string} created ISO 8601 as stored, e.g. 2025-01-31T12:00:00.000Z.
 * @property {string} prevHash
 */

/**
 * SHA-256 (hex) over the canonical JSON of the whole link. The outer object's keys are fixed,
 * so they are written here in canonical (sorted) order, and its string values are canonical as
 * JSON.stringify writes them (RFC 8785 takes ECMAScript's string encoding): the text is the
 * same as canonicalising the whole object (a test checks it) without walking it per event.
 * Position and revision enter as decimal strings: JSON numbers cannot carry bigints beyond
 * 2^53 exactly.
 * @param {CanonicalLink} link
 * @returns {string}
 */
export function linkHash(link) {
  const canonical =
    `{"created":${JSON.stringify(link.created)},"data":${link.canonicalData}` +
    `,"id":${JSON.stringify(link.id)},"metadata":${link.canonicalMetadata}` +
    `,"position":"${link.position}","prevHash":${JSON.stringify(link.prevHash)}` +
    `,"revision":"${link.revision}","streamId":${JSON.stringify(link.streamId)}` +
    `,"type":${JSON.stringify(link.type)}}`;
  return sha256Hex(canonical);
}

/**
 * One-shot crypto.hash where Node has it (20.12+, 21.7+): no Hash object per event.
 * @type {(text: string) => string}
 */
const sha256Hex =
  typeof (/** @type {{ hash?: unknown }} */ (crypto)).hash === 'function'
    ? (text) => /** @type {{ hash(algorithm: string, data: string, encoding: 'hex'): string }} */ (/** @type {unknown} */ (crypto)).hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
