import type { Alternative, Picture, Resolved, Transfer } from './types.js';

/** A (subject, key) whose standing claims cannot all be true. */
export interface Conflict {
  subject: string;
  key: string;
  resolved: Resolved;
}

/** Every resolved key of a transfer, under the key name history and diff use. */
export function keysOfTransfer(t: Transfer): [string, Resolved | null][] {
  return [
    ['status', t.status],
    ['detainees.count', t.count],
    ['origin', t.origin],
    ['destination', t.destination],
    ['transport', t.transport],
    ['detainees.origins', t.origins],
    ['detainees.profile', t.profile],
    ...Object.entries(t.byGroup).map(([g, r]): [string, Resolved] => [`detainees.byGroup.${g}`, r]),
    ...t.facilities.flatMap((f): [string, Resolved | null][] => [
      [`facility.assignment[${f.facility}]`, f.assignment],
      [`facility.assignment[${f.facility}].quantity`, f.quantity],
    ]),
    ...Object.entries(t.other),
  ];
}

/** The conflicts of every view at one moment, transfers first. */
export function conflictsOf(picture: Picture): Conflict[] {
  const found: Conflict[] = [];
  const add = (subject: string, key: string, resolved: Resolved | null) => {
    if (resolved?.conflict) found.push({ subject, key, resolved });
  };
  for (const t of picture.transfers.transfers) for (const [key, r] of keysOfTransfer(t)) add(t.subject, key, r);
  for (const f of picture.facilities.facilities) {
    add(f.subject, 'facility.name', f.name);
    add(f.subject, 'facility.location', f.location);
  }
  const { planned, plannedBy } = picture.counts;
  if (plannedBy) add(plannedBy, 'planned.total', planned);
  return found;
}

/** The ranked-first claim and its rivals, as peers to set side by side. */
export function claimsOf(resolved: Resolved): Alternative[] {
  const { value, interval, claimId, sourceId, reportId, hedge, quote } = resolved;
  const top: Alternative = { value, claimId, sourceId, reportId, hedge };
  if (interval) top.interval = interval;
  if (quote !== undefined) top.quote = quote;
  return [top, ...resolved.alternatives];
}
