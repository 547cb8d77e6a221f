/** The keys split from one claimed property, so that each number can be traced on its own. */
export const byGroupKey = (group: string): string => `detainees.byGroup.${group}`;
export const facilityKey = (facility: string): string => `facility.assignment[${facility}]`;
export const facilityQuantityKey = (facility: string): string => `${facilityKey(facility)}.quantity`;
