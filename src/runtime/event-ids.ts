import { canonicalJson } from '../canonical-json.js';
import type { LedgerEvent } from '../domain/events.js';
import { nameUuids } from './name-uuid.js';

/** Fixed namespace for the ledger's name-based (v5) UUIDs; changing it would change every id. */
const nameUuid = nameUuids('3d8f6c1e-5b7a-4f0e-9c2d-6a1b8e4f7c30');

/**
 * Event ids derive from the caller-chosen id of the command that made it, so a retried append carries
 * the same ids and the store recognises it as the same write.
 */
export function eventIdOf(type: LedgerEvent['type'], primaryId: string): string {
  return nameUuid(`${type}:${primaryId}`);
}

/** Commands are identified by their content: the same command sent twice has one id. */
export function commandIdOf(command: object): string {
  return nameUuid(canonicalJson(command));
}
