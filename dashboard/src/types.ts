/**
 * The JSON bodies the dashboard reads, as they arrive over HTTP (DESIGN §7): positions are
 * numbers and times ISO strings once serialised.
 */
export type Interval = [lo: number, hi: number | null];

export interface ValidTime {
  text?: string;
  precision: string;
  start?: string;
  end?: string;
}

export interface Alternative {
  value: unknown;
  interval?: Interval;
  claimId: string;
  sourceId: string;
  reportId: string;
  hedge: string;
  quote?: string;
}

/** One shape for a resolved value everywhere. */
export interface Resolved {
  value: unknown;
  interval?: Interval;
  claimId: string;
  sourceId: string;
  hedge: string;
  reportId: string;
  quote?: string;
  validTime?: ValidTime;
  conflict: boolean;
  alternatives: Alternative[];
}

export interface AsOfInfo {
  position: number;
  recordedAt: string | null;
  events: number;
}

export interface FacilityOfTransfer {
  facility: string;
  assignment: Resolved;
  quantity: Resolved | null;
}

export interface Transfer {
  subject: string;
  aliases: string[];
  status: Resolved | null;
  count: Resolved | null;
  origin: Resolved | null;
  destination: Resolved | null;
  transport: Resolved | null;
  byGroup: Record<string, Resolved>;
  origins: Resolved | null;
  profile: Resolved | null;
  facilities: FacilityOfTransfer[];
  other: Record<string, Resolved>;
  conflicts: string[];
  sources: string[];
}

/**
 * The list views arrive a page at a time, in subject order: `next` is the `after` of the page
 * that follows, null once the list is complete.
 */
export interface TransfersBody {
  asOf: AsOfInfo;
  transfers: Transfer[];
  next: string | null;
}

export interface Check {
  name: string;
  subject: string;
  ok: boolean;
  detail: string;
}

export interface CountsBody {
  asOf: AsOfInfo;
  total: { interval: Interval; transfers: number };
  byGroup: Record<string, { interval: Interval }>;
  planned: Resolved | null;
  plannedBy: string | null;
  checks: Check[];
}

export interface Facility {
  subject: string;
  aliases: string[];
  name: Resolved | null;
  location: Resolved | null;
  transfers: { transfer: string; assignment: Resolved; quantity: Resolved | null }[];
  sources: string[];
}

export interface FacilitiesBody {
  asOf: AsOfInfo;
  facilities: Facility[];
  next: string | null;
}

export interface HistoryEntry {
  position: number;
  recordedAt: string;
  event: 'ClaimAsserted' | 'ClaimAmended' | 'ClaimRetracted' | 'SubjectAliased';
  /** Null for an alias step, which is about subjects. */
  claimId: string | null;
  actor: string;
  sourceId?: string;
  reportId?: string;
  alias?: string;
  canonical?: string;
  hedge?: string;
  value?: unknown;
  quote?: string;
  amends?: string;
  retractionId?: string;
  reason?: string;
  reasonCode?: string;
  resolvedAfter: Resolved | null;
}

export interface HistoryBody {
  asOf: AsOfInfo;
  subject: string;
  aliases: string[];
  properties: Record<string, HistoryEntry[]>;
}

export interface Change {
  subject: string;
  key: string;
  before: Resolved | null;
  after: Resolved | null;
  events: HistoryEntry[];
}

export interface DiffBody {
  from: number;
  to: number;
  changes: Change[];
  /** Read in pages: the subject the next page starts after; null once every changed subject is read. */
  next?: string | null;
}

export interface Source {
  sourceId: string;
  name: string;
  kind: string;
  role?: string;
  affiliation?: string;
  reliability: string;
  notes?: string;
}

export interface Report {
  reportId: string;
  outlet: string;
  title?: string;
  url?: string;
  byline?: string;
  publishedAt: string | null;
  retrievedAt?: string;
}

export interface ClaimBody {
  etag: string;
  claim: {
    type: string; claimId: string; subject: string; property: string; value: unknown;
    sourceId: string; reportId: string; hedge: string; quote?: string;
  };
  position: number;
  recordedAt: string;
  actor: string;
  source: Source | null;
  report: Report | null;
}

export interface HealthBody {
  status: string;
  engine: string;
  lastPosition: number;
  projectedPosition: number;
}

/**
 * The three views every time-travel step redraws, read at one position: counts whole, the
 * transfers and facilities as far as the reader has paged through them.
 */
export interface Picture {
  transfers: TransfersBody;
  counts: CountsBody;
  facilities: FacilitiesBody;
}
