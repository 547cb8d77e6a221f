import type { Interval, Quantity } from '../../domain/quantity.js';
import { formatCount } from './numbers.js';

const QUANTITY_KINDS = new Set(['exact', 'approximate', 'range', 'atLeast', 'atMost', 'undisclosed']);
const MAX_CELL = 48;

/** A quantity in words: "150", "about 150", "100–200", "at least 150", "at most 7,000". */
export function formatQuantity(quantity: Quantity): string {
  switch (quantity.kind) {
    case 'exact':
      return formatCount(quantity.n);
    case 'approximate':
      return `about ${formatCount(quantity.n)}`;
    case 'range':
      return `${formatCount(quantity.min)}–${formatCount(quantity.max)}`;
    case 'atLeast':
      return `at least ${formatCount(quantity.min)}`;
    case 'atMost':
      return `at most ${formatCount(quantity.max)}`;
    case 'undisclosed':
      return 'undisclosed';
    default: {
      const unhandled: never = quantity;
      return unhandled;
    }
  }
}

/** The interval as bounds, `∞` for an open upper end: "[150, 150]", "[0, ∞)". */
export function formatInterval(interval: Interval | null | undefined): string {
  if (!interval) return '';
  const [lo, hi] = interval;
  return hi === null ? `[${formatCount(lo)}, ∞)` : `[${formatCount(lo)}, ${formatCount(hi)}]`;
}

/** A computed interval in words: "150", "150–7,000", "at most 7,000", "at least 150", "unknown". */
export function describeInterval([lo, hi]: Interval): string {
  if (hi === null) return lo === 0 ? 'unknown' : `at least ${formatCount(lo)}`;
  if (lo === hi) return formatCount(lo);
  return lo === 0 ? `at most ${formatCount(hi)}` : `${formatCount(lo)}–${formatCount(hi)}`;
}

function isQuantity(value: unknown): value is Quantity {
  return typeof value === 'object' && value !== null && QUANTITY_KINDS.has(String((value as { kind?: unknown }).kind));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any claimed value, readably and on one line; long text is cut with an ellipsis. */
export function formatValue(value: unknown): string {
  return truncate(describe(value));
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isQuantity(value)) return formatQuantity(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  if (isRecord(value)) {
    if (typeof value['facility'] === 'string') {
      return isQuantity(value['quantity']) ? `${value['facility']} (${formatQuantity(value['quantity'])})` : value['facility'];
    }
    if (typeof value['mode'] === 'string') {
      return typeof value['operator'] === 'string' ? `${value['mode']}, by ${value['operator']}` : value['mode'];
    }
    const entries = Object.entries(value);
    if (entries.length > 0 && entries.every(([, v]) => isQuantity(v))) {
      return entries.map(([group, q]) => `${group} ${formatQuantity(q as Quantity)}`).join(', ');
    }
  }
  return JSON.stringify(value) ?? String(value);
}

export function truncate(text: string, max = MAX_CELL): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
