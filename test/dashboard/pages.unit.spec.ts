import { describe, expect, it } from 'vitest';
import { extendedBy, isPartial, MAX_PAGE, PAGE_SIZE, withNextPage, type NextPage } from '../../dashboard/src/pages.js';
import type { AsOfInfo, Facility, Picture, Transfer } from '../../dashboard/src/types.js';

const at = (position: number): AsOfInfo => ({ position, recordedAt: '2026-11-24T10:00:00.000Z', events: position });
const transferNamed = (subject: string) => ({ subject }) as Transfer;
const facilityNamed = (subject: string) => ({ subject }) as Facility;

function pictureAt(position: number): Picture {
  return {
    transfers: { asOf: at(position), transfers: [transferNamed('transfer:a'), transferNamed('transfer:b')], next: 'transfer:b' },
    counts: { asOf: at(position), total: { interval: [0, null], transfers: 0 }, byGroup: {}, planned: null, plannedBy: null, checks: [] },
    facilities: { asOf: at(position), facilities: [facilityNamed('facility:a')], next: null },
  };
}

const subjects = (list: { subject: string }[]) => list.map((entry) => entry.subject);

describe('adding the next page of a list to the picture', () => {
  it('appends the page and takes its cursor, leaving the other views as they were', () => {
    const picture = pictureAt(40);
    const page: NextPage = { list: 'transfers', after: 'transfer:b', body: { asOf: at(40), transfers: [transferNamed('transfer:c')], next: null } };
    const extended = withNextPage(picture, page);
    expect(subjects(extended.transfers.transfers)).toEqual(['transfer:a', 'transfer:b', 'transfer:c']);
    expect(extended.transfers.next).toBeNull();
    expect(extended.facilities).toBe(picture.facilities);
    expect(extended.counts).toBe(picture.counts);
    expect(subjects(picture.transfers.transfers)).toEqual(['transfer:a', 'transfer:b']);
  });

  it('appends to the facilities the same way', () => {
    const picture = { ...pictureAt(40), facilities: { asOf: at(40), facilities: [facilityNamed('facility:a')], next: 'facility:a' } };
    const page: NextPage = { list: 'facilities', after: 'facility:a', body: { asOf: at(40), facilities: [facilityNamed('facility:b')], next: 'facility:b' } };
    const extended = withNextPage(picture, page);
    expect(subjects(extended.facilities.facilities)).toEqual(['facility:a', 'facility:b']);
    expect(extended.facilities.next).toBe('facility:b');
  });

  it('drops a page read at another moment: one list never mixes two', () => {
    const picture = pictureAt(40);
    const page: NextPage = { list: 'transfers', after: 'transfer:b', body: { asOf: at(41), transfers: [transferNamed('transfer:c')], next: null } };
    expect(withNextPage(picture, page)).toBe(picture);
  });

  it('drops a page that no longer follows on (the list was redrawn or extended meanwhile)', () => {
    const picture = pictureAt(40);
    const stale: NextPage = { list: 'transfers', after: 'transfer:a', body: { asOf: at(40), transfers: [transferNamed('transfer:b')], next: null } };
    expect(withNextPage(picture, stale)).toBe(picture);
    const complete = { ...picture, transfers: { ...picture.transfers, next: null } };
    const late: NextPage = { list: 'transfers', after: 'transfer:b', body: { asOf: at(40), transfers: [transferNamed('transfer:c')], next: null } };
    expect(withNextPage(complete, late)).toBe(complete);
  });
});

describe('whether the picture holds every entry of its lists', () => {
  it('not while either list has a next page', () => {
    const picture = pictureAt(40);
    expect(isPartial(picture)).toBe(true);
    expect(isPartial({ ...picture, transfers: { ...picture.transfers, next: null } })).toBe(false);
    expect(isPartial({ ...picture, transfers: { ...picture.transfers, next: null }, facilities: { ...picture.facilities, next: 'facility:a' } })).toBe(true);
  });
});

describe('how far a redraw reads a list', () => {
  it('grows by a page per page shown, up to the most the server gives in one page', () => {
    expect(extendedBy(PAGE_SIZE)).toBe(2 * PAGE_SIZE);
    expect(extendedBy(MAX_PAGE - 1)).toBe(MAX_PAGE);
    expect(extendedBy(MAX_PAGE)).toBe(MAX_PAGE);
  });
});
