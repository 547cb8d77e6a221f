import { canonicalJson } from '../../canonical-json.js';
import type { JsonObject, JsonValue } from '../contract.js';
import { linkHash } from './link-hash.js';

export { GENESIS_HASH, linkHash } from './link-hash.js';

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

/** SHA-256 (hex) over the RFC 8785 canonical JSON of the event (see `linkHash`). */
export function chainHash(event: ChainedEvent): string {
  const { data, metadata, ...link } = event;
  return linkHash({ ...link, canonicalData: canonicalJson(data), canonicalMetadata: canonicalJson(metadata) });
}
