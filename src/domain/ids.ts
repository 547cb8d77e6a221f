import { z } from 'zod';

/** Caller-chosen ids make appends idempotent: the same command twice records once. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must match [A-Za-z0-9._:-]{1,128}');

/** What a claim is about, `kind:id`, e.g. `transfer:syria-iraq-1`. */
export const Subject = z
  .string()
  .max(128, 'must be at most 128 characters')
  .regex(/^[a-z][a-z0-9-]*:[A-Za-z0-9._:-]+$/, 'must be kind:id, e.g. transfer:syria-iraq-1');

export const Property = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9._-]{0,127}$/, 'must be a dotted name such as detainees.count');

export type Id = z.infer<typeof Id>;
export type Subject = z.infer<typeof Subject>;
export type Property = z.infer<typeof Property>;

/** `syria-iraq-1` read as a subject of `kind`: `transfer:syria-iraq-1`; a `kind:id` stays as it is. */
export function subjectOfKind(kind: string, id: string): string {
  return id.includes(':') ? id : `${kind}:${id}`;
}

export function subjectKind(subject: string): string {
  return subject.slice(0, subject.indexOf(':'));
}
