import type { EventStore } from '../../src/store/contract.js';
import type { ClaimsLoad, LoadAppend } from '../load.js';

/**
 * Splits appends among callers so that no two callers ever touch the same stream (each stream
 * belongs to one caller, which appends its events in order, at the revisions decided), and
 * the callers' loads are as even as the streams allow (largest stream first, to the least
 * loaded caller).
 */
export function partitionByStream(appends: readonly LoadAppend[], callers: number): LoadAppend[][] {
  const byStream = new Map<string, LoadAppend[]>();
  for (const append of appends) {
    const list = byStream.get(append.stream);
    if (list) list.push(append);
    else byStream.set(append.stream, [append]);
  }
  const owner = new Map<string, number>();
  const load = new Array<number>(callers).fill(0);
  for (const [stream, list] of [...byStream].sort((a, b) => b[1].length - a[1].length)) {
    let least = 0;
    for (let c = 1; c < callers; c += 1) if (load[c]! < load[least]!) least = c;
    owner.set(stream, least);
    load[least]! += list.length;
  }
  const queues: LoadAppend[][] = Array.from({ length: callers }, () => []);
  for (const append of appends) queues[owner.get(append.stream)!]!.push(append);
  return queues;
}

export function appendOne(store: EventStore, append: LoadAppend) {
  return store.appendToStream(append.stream, append.events, { expectedRevision: append.expectedRevision });
}

/** Each caller awaits its own appends one after another; all callers run at once. */
export async function appendConcurrently(store: EventStore, queues: readonly LoadAppend[][]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    queues.map(async (queue) => {
      for (const append of queue) await appendOne(store, append);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Events a bulk import commits together; the raw ceiling of the same rows commits as many. */
export const BULK_WINDOW = 100;

/**
 * Appends `count` events of the load the way a bulk import does (`ledger append`, or
 * `POST /commands` with many commands): decided commands are issued at once, as many as make
 * a window of 100 events (or just over), and awaited together, so one durable commit covers
 * them. Only the appends are timed, not the generation of the next window.
 */
export async function appendInWindows(
  store: EventStore,
  load: ClaimsLoad,
  count: number,
  window = BULK_WINDOW,
): Promise<{ events: number; seconds: number }> {
  let events = 0;
  let seconds = 0;
  while (events < count) {
    const appends: LoadAppend[] = [];
    let inWindow = 0;
    while (inWindow < window && events + inWindow < count) {
      const append = load.next();
      appends.push(append);
      inWindow += append.events.length;
    }
    const started = performance.now();
    await Promise.all(appends.map((append) => appendOne(store, append)));
    seconds += (performance.now() - started) / 1000;
    events += inWindow;
  }
  return { events, seconds };
}
