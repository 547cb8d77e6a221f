import { readToken } from './token-store.js';
import type { PagedBody, PagedList } from './pages.js';
import type { ClaimBody, CountsBody, DiffBody, FacilitiesBody, HealthBody, HistoryBody, Picture, TransfersBody } from './types.js';

/** A field the server named in a problem+json body, e.g. `{ path: 'value.n', message: … }`. */
export interface FieldError {
  path: string;
  message: string;
}

/** An `application/problem+json` answer, kept whole so the UI can place each error. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail || title);
  }
}

type Params = Record<string, string | null | undefined>;

function url(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value != null && value !== '') query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function problemOf(response: Response): Promise<ProblemError> {
  let body: { title?: string; detail?: string; errors?: FieldError[] } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page, say): the status line is all there is to show.
  }
  const errors = Array.isArray(body.errors) ? body.errors.filter((e) => typeof e?.message === 'string') : [];
  return new ProblemError(response.status, body.title ?? response.statusText, body.detail ?? '', errors);
}

function headersWith(token: string): Record<string, string> {
  return token ? { accept: 'application/json', authorization: `Bearer ${token}` } : { accept: 'application/json' };
}

/** Reads carry the tab's token when there is one, for servers where reads need a token too. */
async function read<T>(path: string, params?: Params): Promise<T> {
  const response = await fetch(url(path, params), { headers: headersWith(readToken()) });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

const segment = encodeURIComponent;

export function readHealth(): Promise<HealthBody> {
  return read<HealthBody>('/health');
}

/** How far the reader has paged through each list view; a redraw reads that far again. */
export interface Extent {
  transfers: number;
  facilities: number;
}

/**
 * The three views at one moment; `asOf` is a log position or an ISO time, null for now. The
 * lists are read in pages (at a million events the whole transfers list is ~170 MiB of JSON).
 */
export async function readPicture(asOf: string | null, extent: Extent): Promise<Picture> {
  const [transfers, counts, facilities] = await Promise.all([
    read<TransfersBody>('/transfers', { asOf, limit: String(extent.transfers) }),
    read<CountsBody>('/counts', { asOf }),
    read<FacilitiesBody>('/facilities', { asOf, limit: String(extent.facilities) }),
  ]);
  return { transfers, counts, facilities };
}

/**
 * The page of a list after `after`, as the list stood at `position`: pinned, so that pages
 * read while the log grows add up to one list at one moment.
 */
export function readNextPage<L extends PagedList>(list: L, after: string, position: number, limit: number): Promise<PagedBody<L>> {
  return read<PagedBody<L>>(`/${list}`, { after, asOf: String(position), limit: String(limit) });
}

/**
 * The property a resolved key splits from: `facility.assignment[facility:x]` and
 * `detainees.byGroup.<group>` are asked for by their property, then picked out of the answer.
 */
export function propertyOfKey(key: string): string {
  if (key.startsWith('detainees.byGroup.')) return 'detainees.byGroup';
  return key.replace(/\[.*$/, '');
}

export function readHistory(subject: string, key: string, asOf: string | null): Promise<HistoryBody> {
  return read<HistoryBody>(`/history/${segment(subject)}`, { property: propertyOfKey(key), asOf });
}

export function readClaim(claimId: string): Promise<ClaimBody> {
  return read<ClaimBody>(`/claims/${segment(claimId)}`);
}

/**
 * A page of the changes between two moments: `limit` changed subjects after `after` (from the
 * first when absent). A whole diff of a long log holds the server for seconds.
 */
export function readDiff(from: string, to: string, limit: number, after?: string): Promise<DiffBody> {
  return read<DiffBody>('/diff', { from, to, after, limit: String(limit) });
}

export interface WriteOptions {
  token: string;
  /** The ETag of the claim the writer read; the server refuses the write if it changed. */
  ifMatch?: string;
}

/** Appends one command; the token travels in a header, never in the URL. */
export async function postCommand(command: Record<string, unknown>, options: WriteOptions): Promise<unknown> {
  const headers: Record<string, string> = { ...headersWith(options.token), 'content-type': 'application/json' };
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  const response = await fetch('/commands', { method: 'POST', headers, body: JSON.stringify(command) });
  if (!response.ok) throw await problemOf(response);
  return response.json();
}
