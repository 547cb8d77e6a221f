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

/**
 * SHA-256 (hex) over the RFC 8785 canonical JSON of the event. Position and revision enter as
 * decimal strings: they are bigints, which JSON numbers cannot carry beyond 2^53 exactly.
 */
export function chainHash(event: ChainedEvent): string {
  const canonical = canonicalize({
    position: event.position.toString(),
    streamId: event.streamId,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    created: event.created,
    prevHash: event.prevHash,
  });
  if (canonical === undefined) throw new Error('an event cannot be canonicalised');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
