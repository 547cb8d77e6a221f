import { z } from 'zod';
import { Subject } from './ids.js';
import { Quantity } from './quantity.js';
import { flattenIssue, type PathIssue } from './zod-issues.js';

const Text = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

export const TransferStatus = z.enum(['planned', 'underway', 'completed', 'cancelled']);

export const FacilityAssignment = z.strictObject({
  facility: Subject.refine((s) => s.startsWith('facility:'), 'must be a facility:<id> subject'),
  quantity: Quantity.optional(),
});

export const Transport = z.strictObject({
  mode: Text,
  operator: Text.optional(),
});

const GroupName = z.string().regex(/^[A-Za-z][A-Za-z0-9 ._-]{0,63}$/, 'must be a group name');

/**
 * The value each interpreted property must carry. Any property not named here keeps any JSON
 * value: stored, shown in history, not interpreted.
 */
export const valueSchemaByProperty = {
  'detainees.count': Quantity,
  'planned.total': Quantity,
  'detainees.byGroup': z
    .record(GroupName, Quantity)
    .refine((groups) => Object.keys(groups).length > 0, 'must name at least one group'),
  'detainees.origins': z.array(Text).min(1, 'must list at least one origin').max(500),
  'detainees.profile': Text,
  'facility.assignment': FacilityAssignment,
  transport: Transport,
  origin: Text,
  destination: Text,
  status: TransferStatus,
  'facility.location': Text,
  'facility.name': Text,
} as const satisfies Record<string, z.ZodType>;

export type InterpretedProperty = keyof typeof valueSchemaByProperty;

export const QUANTITY_PROPERTIES: ReadonlySet<string> = new Set(['detainees.count', 'planned.total']);

export function isInterpreted(property: string): property is InterpretedProperty {
  return Object.hasOwn(valueSchemaByProperty, property);
}

/** Any JSON value, for uninterpreted properties; bounded in depth so hostile nesting is refused. */
export const AnyJson: z.ZodType<unknown> = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) ctx.addIssue({ code: 'custom', message: 'is required' });
  else if (exceedsDepth(value, 32)) ctx.addIssue({ code: 'custom', message: 'nests deeper than 32 levels' });
});

/** Iterative, and stops at the first node past `limit`, so hostile nesting costs little. */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

export type ValueIssue = PathIssue;

/** Checks a claimed value against its property's schema; [] when it fits. */
export function valueIssues(property: string, value: unknown): ValueIssue[] {
  const schema: z.ZodType = isInterpreted(property) ? valueSchemaByProperty[property] : AnyJson;
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap(flattenIssue);
}

export type TransferStatusValue = z.infer<typeof TransferStatus>;
export type FacilityAssignmentValue = z.infer<typeof FacilityAssignment>;
export type TransportValue = z.infer<typeof Transport>;
