import { afterEach, describe, expect, it, vi } from 'vitest';
import { silenceConsoleLog } from '../../bench/measure.js';

describe('the peer trials silencing console.log', () => {
  const realLog = console.log;
  afterEach(() => {
    console.log = realLog;
  });

  it('gives console.log back only when the last of overlapping holds is released', () => {
    const spy = vi.fn();
    console.log = spy;

    const firstTrial = silenceConsoleLog();
    const secondTrial = silenceConsoleLog();
    console.log('a straggler of the first trial fails');
    firstTrial();
    console.log('the second trial fails while the first has settled');
    expect(spy).not.toHaveBeenCalled();

    secondTrial();
    console.log('after both');
    expect(spy).toHaveBeenCalledExactlyOnceWith('after both');
  });

  it('counts a hold released twice once', () => {
    const spy = vi.fn();
    console.log = spy;

    const first = silenceConsoleLog();
    const second = silenceConsoleLog();
    first();
    first();
    console.log('still held by the second');
    expect(spy).not.toHaveBeenCalled();

    second();
    console.log('after both');
    expect(spy).toHaveBeenCalledOnce();
  });
});
