import type { AsOfInfo, FacilitiesBody, Picture, TransfersBody } from './types.js';

/** Entries of a list view read at first, and added by each "show more". */
export const PAGE_SIZE = 100;
/** The most entries the server gives in one page (its MAX_PAGE_LIMIT). */
export const MAX_PAGE = 10_000;

export type PagedList = 'transfers' | 'facilities';
export type PagedBody<L extends PagedList> = L extends 'transfers' ? TransfersBody : FacilitiesBody;

/** A page read after `after` (the `next` the picture's list had when it was asked for). */
export type NextPage =
  | { list: 'transfers'; after: string; body: TransfersBody }
  | { list: 'facilities'; after: string; body: FacilitiesBody };

/**
 * The picture with a page added to the end of its list. A page that no longer follows on (the
 * view was redrawn at another moment, or already extended, while the page was being read) is
 * dropped: the picture comes back unchanged rather than mixing two moments in one list.
 */
export function withNextPage(picture: Picture, page: NextPage): Picture {
  if (page.list === 'transfers') {
    const shown = picture.transfers;
    if (!follows(shown, page)) return picture;
    return { ...picture, transfers: { ...shown, transfers: [...shown.transfers, ...page.body.transfers], next: page.body.next ?? null } };
  }
  const shown = picture.facilities;
  if (!follows(shown, page)) return picture;
  return { ...picture, facilities: { ...shown, facilities: [...shown.facilities, ...page.body.facilities], next: page.body.next ?? null } };
}

function follows(shown: { asOf: AsOfInfo; next: string | null }, page: NextPage): boolean {
  return shown.next === page.after && shown.asOf.position === page.body.asOf.position;
}

/** Whether a list of the picture has pages not read yet: what is found in the lists may not be all. */
export function isPartial(picture: Picture): boolean {
  return picture.transfers.next !== null || picture.facilities.next !== null;
}

/** How far to read a list when the picture is next redrawn, once one more page is shown. */
export function extendedBy(entries: number): number {
  return Math.min(MAX_PAGE, entries + PAGE_SIZE);
}
