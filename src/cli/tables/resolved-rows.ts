import type { ResolvedValue } from '../../domain/resolution.js';
import { formatInterval, formatValue } from '../format/value.js';

/** Columns of every table of resolved values: never a number without where it came from. */
export const RESOLVED_HEAD = ['property', 'value', 'interval', 'hedge', 'source', 'claim'] as const;

/** The resolved value on one row, then each alternative claim under it. */
export function resolvedRows(label: string, resolved: ResolvedValue | null): string[][] {
  if (!resolved) return [[label, '(no claim)', '', '', '', '']];
  const head = resolved.conflict ? `${label} [CONFLICT]` : label;
  return [
    [head, formatValue(resolved.value), formatInterval(resolved.interval), resolved.hedge, resolved.sourceId, resolved.claimId],
    ...resolved.alternatives.map((alt) => [
      '  ↳ also claimed',
      formatValue(alt.value),
      formatInterval(alt.interval),
      alt.hedge,
      alt.sourceId,
      alt.claimId,
    ]),
  ];
}

/** A resolved value in one cell: value, interval, hedge and source. */
export function resolvedCell(resolved: ResolvedValue | null): string {
  if (!resolved) return '(nothing standing)';
  const interval = resolved.interval ? ` ${formatInterval(resolved.interval)}` : '';
  const conflict = resolved.conflict ? ' [CONFLICT]' : '';
  return `${formatValue(resolved.value)}${interval}${conflict}\n${resolved.hedge} · ${resolved.sourceId} · ${resolved.claimId}`;
}
