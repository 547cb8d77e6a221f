import type { ResolvedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { fromEsdbEvent, ORIGINAL_ID_KEY, toEsdbEvent } from '../../../src/store/esdb/event-id.js';
import { toRecordedEvent } from '../../../src/store/esdb/to-recorded-event.js';
import { InvalidStoreInputError } from '../../../src/store/index.js';

describe('esdb event ids', () => {
  it('passes lowercase UUIDs through untouched', () => {
    const id = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
    expect(toEsdbEvent(id, { a: 1 }, 'events[0]')).toEqual({ id, metadata: { a: 1 } });
  });

  it('maps any other id to a stable UUIDv5 and restores it on read', () => {
    const first = toEsdbEvent('claim:42/source-A', { a: 1 }, 'events[0]');
    const again = toEsdbEvent('claim:42/source-A', { a: 1 }, 'events[0]');
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again.id).toBe(first.id);
    expect(toEsdbEvent('3F2B8C1E-5D4A-4E6F-9A7B-1C2D3E4F5A6B', {}, 'e').id).not.toBe('3F2B8C1E-5D4A-4E6F-9A7B-1C2D3E4F5A6B');
    expect(fromEsdbEvent(first.id, first.metadata)).toEqual({ id: 'claim:42/source-A', metadata: { a: 1 } });
  });

  it('refuses metadata that already uses the reserved key', () => {
    expect(() => toEsdbEvent('x', { [ORIGINAL_ID_KEY]: 'y' }, 'events[3]')).toThrow(InvalidStoreInputError);
  });
});

describe('esdb toRecordedEvent', () => {
  const base = {
    streamId: 'claim-1',
    id: '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b',
    revision: 4n,
    type: 'Claimed',
    created: new Date('2025-01-01T00:00:00Z'),
    data: { a: 1 },
    metadata: { by: 'x' },
    isJson: true,
    position: { commit: 900n, prepare: 900n },
  };

  it('maps the fields, with the commit position as the position', () => {
    expect(toRecordedEvent({ event: base } as ResolvedEvent)).toEqual({
      streamId: 'claim-1',
      id: base.id,
      revision: 4n,
      position: 900n,
      type: 'Claimed',
      data: { a: 1 },
      metadata: { by: 'x' },
      created: base.created,
    });
  });

  it('gives {} for absent metadata and hides system events and link-only entries', () => {
    expect(toRecordedEvent({ event: { ...base, metadata: undefined } } as ResolvedEvent)?.metadata).toEqual({});
    expect(toRecordedEvent({ event: { ...base, streamId: '$$claim-1' } } as ResolvedEvent)).toBeNull();
    expect(toRecordedEvent({ event: { ...base, type: '$>' } } as ResolvedEvent)).toBeNull();
    expect(toRecordedEvent({} as ResolvedEvent)).toBeNull();
  });

  it('refuses an event the server could not place in the log, rather than inventing a position', () => {
    const noPosition = { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n };
    expect(() => toRecordedEvent({ event: { ...base, position: noPosition } } as ResolvedEvent)).toThrow(/position/);
    expect(() => toRecordedEvent({ event: { ...base, position: undefined } } as ResolvedEvent)).toThrow(/position/);
  });
});
