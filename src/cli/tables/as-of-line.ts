import { formatCount } from '../format/numbers.js';

export interface AsOfBody {
  position: bigint;
  recordedAt: Date | null;
  events: number;
}

export function formatTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Which point of the log a view describes, in words. */
export function asOfLine(asOf: AsOfBody): string {
  if (asOf.events === 0) return 'As of the start of the log (nothing recorded yet)';
  const when = asOf.recordedAt ? `, last recorded ${formatTime(asOf.recordedAt)}` : '';
  return `As of position ${asOf.position} (${formatCount(asOf.events)} events${when})`;
}
