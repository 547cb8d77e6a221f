import type { EventStore } from '../../store/contract.js';
import { eventOf } from '../../domain/events.js';
import { toPositioned } from '../../runtime/positioned.js';
import type { Output } from '../output.js';
import { commandOfEvent } from './event-to-command.js';

const FLUSH_BYTES = 64 * 1024;

/**
 * The whole log as interchange-format v1 commands, one a line, in log order — straight from
 * the store, a page at a time, so exporting a large log needs no projections in memory.
 * `ledger append` of the result into an empty ledger reproduces the same views.
 */
export async function exportNdjson(store: EventStore, out: Output, onProgress?: (events: number) => void): Promise<number> {
  let buffer = '';
  let exported = 0;
  let read = 0;
  for await (const recorded of store.readAll()) {
    read += 1;
    const positioned = toPositioned(recorded);
    if (positioned) {
      buffer += `${JSON.stringify(commandOfEvent(eventOf(positioned)))}\n`;
      exported += 1;
    }
    if (buffer.length >= FLUSH_BYTES) {
      await out.write(buffer);
      buffer = '';
      onProgress?.(read);
    }
  }
  if (buffer) await out.write(buffer);
  onProgress?.(read);
  return exported;
}
