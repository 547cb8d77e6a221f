import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { JsonObject, JsonValue } from '../contract.js';

// canonicalize is CommonJS (`module.exports = fn`) but its typings declare `export default`,
// so under NodeNext the default import is typed as the module object. Unwrap whichever it is.
type Canonicalize = (input: unknown) => string | undefined;
const canonicalize: Canonicalize =
  typeof canonicalizeModule === 'function'
    ? (canonicalizeModule as Canonicalize)
    : (canonicalizeModule as { default: Canonicalize }).default;

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

/** RFC 8785 canonical JSON of one value, by the library. */
export function canonicalJson(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new Error('an event cannot be canonicalised');
  return canonical;
}

/**
 * SHA-256 (hex) over the RFC 8785 canonical JSON of the event. Position and revision enter as
 * decimal strings: they are bigints, which JSON numbers cannot carry beyond 2^53 exactly.
 *
 * The outer object's keys are fixed, so they are written here in canonical (sorted) order and
 * only the values go through the library: the text is the same as canonicalising the whole
 * object (a test checks it), without sorting and cycle-tracking the wrapper for every event.
 * Events of one append usually share one metadata object; `canonicalMetadata` lets the caller
 * encode it once.
 */
export function chainHash(event: ChainedEvent, canonicalMetadata = canonicalJson(event.metadata)): string {
  const canonical =
    `{"created":${canonicalJson(event.created)},"data":${canonicalJson(event.data)}` +
    `,"id":${canonicalJson(event.id)},"metadata":${canonicalMetadata}` +
    `,"position":"${event.position}","prevHash":${canonicalJson(event.prevHash)}` +
    `,"revision":"${event.revision}","streamId":${canonicalJson(event.streamId)}` +
    `,"type":${canonicalJson(event.type)}}`;
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
