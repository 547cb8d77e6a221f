import { describe, expect, it } from 'vitest';
import { commandIdOf, eventIdOf } from '../../src/runtime/event-ids.js';

/**
 * Ids already in users' logs make re-sent commands no-ops: if the derivation changed, a re-sent
 * command would no longer be recognised by the store. These are pinned, not recomputed.
 */
describe('event and command ids', () => {
  it('derive the same UUIDv5 for the same caller id, as they always have', () => {
    expect(eventIdOf('ClaimAsserted', 't1.count.awadi')).toBe('b2db0668-52a3-5ca2-8f83-7533fb4c8c9c');
    expect(eventIdOf('SourceRegistered', 'gov-spokesperson')).toBe('bc001cf5-a8e7-5961-8790-9b75ac842a82');
  });

  it('identify a command by its content, whatever its key order and script', () => {
    const alias = { type: 'AliasSubject', alias: 'facility:camp-cropper', canonical: 'facility:cropper' };
    expect(commandIdOf(alias)).toBe('551eacb1-8dd3-5aa4-a143-1ce641b9150a');
    expect(commandIdOf({ canonical: 'facility:cropper', type: 'AliasSubject', alias: 'facility:camp-cropper' })).toBe(commandIdOf(alias));
    expect(commandIdOf({ b: 'é ü 中文 🚀', a: 1 })).toBe('fe5fbc56-2d3c-55e5-bf82-431e5f99179f');
  });

  it('tell different commands apart', () => {
    expect(eventIdOf('ClaimAsserted', 'c1')).not.toBe(eventIdOf('ClaimAmended', 'c1'));
    expect(commandIdOf({ a: 1 })).not.toBe(commandIdOf({ a: 2 }));
  });
});
