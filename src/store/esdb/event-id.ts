import { v5 as uuidv5 } from 'uuid';
import type { JsonObject } from '../contract.js';
import { InvalidStoreInputError } from '../errors.js';

/**
 * EventStoreDB event ids are UUIDs; the contract allows any string. A lowercase canonical UUID
 * passes through as is. Any other id becomes the UUIDv5 of itself (deterministic, so a retry
 * maps to the same UUID and stays idempotent) and travels in the metadata under
 * ORIGINAL_ID_KEY, from where reads restore it.
 */
export const ORIGINAL_ID_KEY = '$ledgerEventId';

/** Fixed namespace for the UUIDv5 mapping; changing it would break idempotency of old ids. */
const NAMESPACE = '4f1c2b1e-8a3d-5c6e-9f70-2d1b3a4c5e6f';
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toEsdbEvent(id: string, metadata: JsonObject, where: string): { id: string; metadata: JsonObject } {
  if (ORIGINAL_ID_KEY in metadata) {
    throw new InvalidStoreInputError(`the metadata key "${ORIGINAL_ID_KEY}" is reserved`, `${where}.metadata`);
  }
  if (CANONICAL_UUID.test(id)) return { id, metadata };
  return { id: uuidv5(id, NAMESPACE), metadata: { ...metadata, [ORIGINAL_ID_KEY]: id } };
}

/** Undoes toEsdbEvent on the way out. */
export function fromEsdbEvent(id: string, metadata: JsonObject): { id: string; metadata: JsonObject } {
  const original = metadata[ORIGINAL_ID_KEY];
  if (typeof original !== 'string') return { id, metadata };
  const { [ORIGINAL_ID_KEY]: _dropped, ...rest } = metadata;
  return { id: original, metadata: rest };
}
