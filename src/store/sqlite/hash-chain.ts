import * as crypto from 'node:crypto';
import { canonicalJson } from '../../canonical-json.js';
import type { JsonObject, JsonValue } from '../contract.js';

/** The `prevHash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What one link of the chain covers: the whole event, its place in the log and its predecessor. */
export interface ChainedEvent {
  position: bigint;
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  data: JsonValue;
  metadata: JsonObject;
  /** ISO 8601 as stored, e.g. 2025-01-31T12:00:00.000Z. */
  created: string;
  prevHash: string;
}

/** A link whose data and metadata are already in canonical JSON (as the SQLite engine stores them). */
export type CanonicalLink = Omit<ChainedEvent, 'data' | 'metadata'> & { canonicalData: string; canonicalMetadata: string };

/**
 * SHA-256 (hex) over the RFC 8785 canonical JSON of the event. Position and revision enter as
 * decimal strings: they are bigints, which JSON numbers cannot carry beyond 2^53 exactly.
 */
export function chainHash(event: ChainedEvent): string {
  const { data, metadata, ...link } = event;
  return linkHash({ ...link, canonicalData: canonicalJson(data), canonicalMetadata: canonicalJson(metadata) });
}

/**
 * `chainHash` of a link encoded already. The outer object's keys are fixed, so they are
 * written here in canonical (sorted) order, and its string values are canonical as
 * JSON.stringify writes them (RFC 8785 takes ECMAScript's string encoding): the text is the
 * same as canonicalising the whole object (a test checks it) without walking it per event.
 */
export function linkHash(link: CanonicalLink): string {
  const canonical =
    `{"created":${JSON.stringify(link.created)},"data":${link.canonicalData}` +
    `,"id":${JSON.stringify(link.id)},"metadata":${link.canonicalMetadata}` +
    `,"position":"${link.position}","prevHash":${JSON.stringify(link.prevHash)}` +
    `,"revision":"${link.revision}","streamId":${JSON.stringify(link.streamId)}` +
    `,"type":${JSON.stringify(link.type)}}`;
  return sha256Hex(canonical);
}

/** One-shot crypto.hash where Node has it (20.12+, 21.7+): no Hash object per event. */
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'hex'): string }).hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
