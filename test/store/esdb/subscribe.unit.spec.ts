import { END, UnavailableError, type AllStreamResolvedEvent, type ReadPosition } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { subscribeToAll, type LiveSource, type SubscribeDeps } from '../../../src/store/esdb/subscribe.js';
import type { RecordedEvent } from '../../../src/store/index.js';

/** What the server would send for an event at commit position `p`. */
function resolved(p: number, streamId = 'claim-1', type = 'Claimed'): AllStreamResolvedEvent {
  const position = { commit: BigInt(p), prepare: BigInt(p) };
  return {
    event: {
      streamId,
      id: `00000000-0000-4000-8000-${String(p).padStart(12, '0')}`,
      revision: BigInt(p),
      type,
      created: new Date(0),
      data: { p },
      metadata: undefined,
      isJson: true,
      position,
    },
    commitPosition: position.commit,
  } as AllStreamResolvedEvent;
}

/** A scripted server subscription: sends `items`, then fails with `error` or waits for unsubscribe. */
function scripted(items: AllStreamResolvedEvent[], error?: Error): LiveSource {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  return {
    async *[Symbol.asyncIterator]() {
      for (const item of items) yield item;
      if (error) throw error;
      await stopped;
    },
    unsubscribe: async () => stop(),
  };
}

function fakeServer(scripts: ((from: ReadPosition) => LiveSource)[], last: bigint | null = null) {
  const opens: ReadPosition[] = [];
  const deps: SubscribeDeps = {
    open(from) {
      opens.push(from);
      const script = scripts[opens.length - 1] ?? (() => scripted([]));
      return script(from);
    },
    lastPosition: async () => (last === null ? null : { commit: last, prepare: last }),
  };
  return { deps, opens };
}

async function take(iterable: AsyncIterable<RecordedEvent>, n: number): Promise<bigint[]> {
  const out: bigint[] = [];
  for await (const event of iterable) {
    out.push(event.position);
    if (out.length === n) break;
  }
  return out;
}

describe('esdb subscribeToAll', () => {
  it('resubscribes by itself after a drop, from the last delivered position, without duplicates', async () => {
    const { deps, opens } = fakeServer([
      () => scripted([resolved(10), resolved(20), resolved(30)], new UnavailableError()),
      // The second subscription replays 30 (a server may) and goes on.
      () => scripted([resolved(30), resolved(40), resolved(50)]),
    ]);
    const subscription = subscribeToAll(deps, { fromPosition: 5n }, { initialDelayMs: 1 });
    expect(await take(subscription, 5)).toEqual([10n, 20n, 30n, 40n, 50n]);
    expect(opens).toEqual([{ commit: 5n, prepare: 5n }, { commit: 30n, prepare: 30n }]);
  });

  it('backs off between failed attempts and recovers', async () => {
    const down = () => scripted([], new UnavailableError());
    const { deps, opens } = fakeServer([down, down, down, () => scripted([resolved(7)])]);
    const started = Date.now();
    const subscription = subscribeToAll(deps, undefined, { initialDelayMs: 20, maxDelayMs: 1_000 });
    expect(await take(subscription, 1)).toEqual([7n]);
    expect(opens).toHaveLength(4);
    expect(opens.every((from) => from === 'start')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40 + 80 - 5);
  });

  it('skips system streams and events', async () => {
    const { deps } = fakeServer([
      () => scripted([resolved(1, '$stats-1', 'Stats'), resolved(2, 'claim-1', '$metadata'), resolved(3)]),
    ]);
    expect(await take(subscribeToAll(deps, undefined), 1)).toEqual([3n]);
  });

  it('pins END to the position of the last record at subscribe time, for every resubscription', async () => {
    const { deps, opens } = fakeServer(
      [() => scripted([], new UnavailableError()), () => scripted([resolved(120)])],
      100n,
    );
    const subscription = subscribeToAll(deps, { fromPosition: END }, { initialDelayMs: 1 });
    expect(await take(subscription, 1)).toEqual([120n]);
    expect(opens).toEqual([{ commit: 100n, prepare: 100n }, { commit: 100n, prepare: 100n }]);
  });

  it('retries pinning END while the server cannot be reached', async () => {
    const { deps, opens } = fakeServer([() => scripted([resolved(130)])], 100n);
    let calls = 0;
    const lastPosition = deps.lastPosition;
    deps.lastPosition = async () => (++calls === 1 ? Promise.reject(new UnavailableError()) : lastPosition());
    const subscription = subscribeToAll(deps, { fromPosition: END }, { initialDelayMs: 1 });
    expect(await take(subscription, 1)).toEqual([130n]);
    expect(calls).toBe(2);
    expect(opens).toEqual([{ commit: 100n, prepare: 100n }]);
  });

  it('ends iteration with a non-retryable error instead of retrying it forever', async () => {
    const { deps, opens } = fakeServer([() => scripted([resolved(1)], new TypeError('bug'))]);
    const subscription = subscribeToAll(deps, undefined, { initialDelayMs: 1 });
    await expect(take(subscription, 5)).rejects.toThrow('bug');
    expect(opens).toHaveLength(1);
  });

  it('unsubscribe releases a consumer waiting for live events and stops the server subscription', async () => {
    let unsubscribed = false;
    const { deps } = fakeServer([
      () => {
        const source = scripted([resolved(1)]);
        return { ...source, unsubscribe: async () => ((unsubscribed = true), source.unsubscribe()) };
      },
    ]);
    const subscription = subscribeToAll(deps, undefined);
    setTimeout(() => void subscription.unsubscribe(), 50);
    const seen: bigint[] = [];
    for await (const event of subscription) seen.push(event.position);
    expect(seen).toEqual([1n]);
    expect(unsubscribed).toBe(true);
  });
});
