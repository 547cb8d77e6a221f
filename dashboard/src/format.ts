import type { Interval } from './types.js';

const number = (n: number): string => n.toLocaleString('en-US');

/** An interval as a reader says it: "150", "at least 150", "at most 7,000", "100–200". */
export function showInterval([lo, hi]: Interval): string {
  if (hi === null) return lo === 0 ? 'unknown' : `at least ${number(lo)}`;
  if (lo === hi) return number(lo);
  return lo === 0 ? `at most ${number(hi)}` : `${number(lo)}–${number(hi)}`;
}

interface QuantityLike {
  kind: string;
  n?: number;
  min?: number;
  max?: number;
}

function isQuantity(value: unknown): value is QuantityLike {
  return typeof value === 'object' && value !== null && typeof (value as QuantityLike).kind === 'string';
}

/** A quantity as it was claimed: "about 150" keeps the hedge an interval would lose. */
export function showQuantity(q: QuantityLike): string {
  switch (q.kind) {
    case 'exact':
      return number(q.n ?? 0);
    case 'approximate':
      return `about ${number(q.n ?? 0)}`;
    case 'range':
      return `${number(q.min ?? 0)}–${number(q.max ?? 0)}`;
    case 'atLeast':
      return `at least ${number(q.min ?? 0)}`;
    case 'atMost':
      return `at most ${number(q.max ?? 0)}`;
    case 'undisclosed':
      return 'undisclosed';
    default:
      return JSON.stringify(q);
  }
}

/** Facility subjects read better by name; the caller knows the names at this moment. */
export type FacilityNames = ReadonlyMap<string, string>;

/** Any claimed value as short text: quantities, transport, facility assignments, lists, JSON. */
export function showValue(value: unknown, names: FacilityNames = new Map()): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => showValue(v, names)).join(', ');
  if (isQuantity(value)) return showQuantity(value);
  const record = value as Record<string, unknown>;
  if (typeof record.mode === 'string') {
    return typeof record.operator === 'string' ? `${record.mode}, by ${record.operator}` : record.mode;
  }
  if (typeof record.facility === 'string') {
    const name = names.get(record.facility) ?? record.facility;
    return isQuantity(record.quantity) ? `${name} (${showQuantity(record.quantity)})` : name;
  }
  return JSON.stringify(value);
}

const LABELS: Record<string, string> = {
  status: 'Status',
  'detainees.count': 'Detainees',
  'detainees.byGroup': 'By group',
  'detainees.origins': 'Origins',
  'detainees.profile': 'Profile',
  origin: 'From',
  destination: 'To',
  transport: 'Transport',
  'planned.total': 'Planned total',
  'facility.name': 'Name',
  'facility.location': 'Location',
};

/** A resolved key as a label: `detainees.byGroup.Iraqi` → "Iraqi detainees". */
export function keyLabel(key: string, names: FacilityNames = new Map()): string {
  const group = /^detainees\.byGroup\.(.+)$/.exec(key)?.[1];
  if (group !== undefined) return `${group} detainees`;
  const facility = /^facility\.assignment\[(.+)\](\.quantity)?$/.exec(key);
  if (facility) {
    const name = names.get(facility[1]!) ?? facility[1]!;
    return facility[2] ? `Held at ${name}` : `Assigned to ${name}`;
  }
  return LABELS[key] ?? key;
}

/** A subject without its kind: `transfer:syria-iraq-1` → "syria-iraq-1". */
export function subjectName(subject: string): string {
  return subject.slice(subject.indexOf(':') + 1);
}

/** A recorded time in UTC, to the second: the same text for every reader of a shared link. */
export function showTime(iso: string | null | undefined): string {
  if (!iso) return 'unknown';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
