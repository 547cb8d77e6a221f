/** The keys split from one claimed property, so that each number can be traced on its own. */
const BY_GROUP = 'detainees.byGroup';
const FACILITY = 'facility.assignment';

export const byGroupKey = (group: string): string => `${BY_GROUP}.${group}`;
export const facilityKey = (facility: string): string => `${FACILITY}[${facility}]`;
export const facilityQuantityKey = (facility: string): string => `${facilityKey(facility)}.quantity`;

/** The claimed properties whose claims can resolve to `key`: itself, and the one it was split from. */
export function propertiesBehind(key: string): string[] {
  if (key.startsWith(`${BY_GROUP}.`)) return [key, BY_GROUP];
  if (key.startsWith(`${FACILITY}[`)) return [key, FACILITY];
  return [key];
}
