/**
 * One line of the benchmark's table and of `bench/results.json`. The first eight fields are the
 * shape issue 5 asks for; `events`, `notes` and `detail` are additions that say what exactly
 * was measured.
 */
export interface Row {
  workload: string;
  unit: string;
  project: number | null;
  peer: number | null;
  ceiling: number | null;
  ratios: { vsPeer: number | null; vsCeiling: number | null };
  target: string;
  met: boolean;
  /** Size of the log or load the figure was measured on. */
  events?: number;
  /** What a reader needs to interpret the row: peer concurrency, failures, p99, why a miss. */
  notes?: string;
  /** Secondary figures, machine-readable. */
  detail?: Record<string, number | string | boolean | null>;
}

export interface RowInput {
  workload: string;
  unit: string;
  project: number | null;
  peer?: number | null;
  ceiling?: number | null;
  target: string;
  /** Decides `met` from the row's own figures and ratios. */
  met: (row: Pick<Row, 'project' | 'peer' | 'ceiling' | 'ratios'>) => boolean;
  events?: number;
  notes?: string;
  /** Added to the notes when the target is missed: why, as far as profiling found out. */
  whyMissed?: string;
  detail?: Record<string, number | string | boolean | null>;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** Rounds figures for reading (3 significant digits) and derives ratios and `met`. */
export function makeRow(input: RowInput): Row {
  const peer = input.peer ?? null;
  const ceiling = input.ceiling ?? null;
  const project = input.project;
  const ratio = (other: number | null) => (project === null || other === null || other === 0 ? null : project / other);
  const exact = { project, peer, ceiling, ratios: { vsPeer: ratio(peer), vsCeiling: ratio(ceiling) } };
  const row: Row = {
    workload: input.workload,
    unit: input.unit,
    project: significant(project),
    peer: significant(peer),
    ceiling: significant(ceiling),
    ratios: {
      vsPeer: exact.ratios.vsPeer === null ? null : round(exact.ratios.vsPeer, exact.ratios.vsPeer >= 10 ? 1 : 3),
      vsCeiling: exact.ratios.vsCeiling === null ? null : round(exact.ratios.vsCeiling, 3),
    },
    target: input.target,
    met: input.met(exact),
  };
  if (input.events !== undefined) row.events = input.events;
  const notes = [input.notes, row.met ? undefined : input.whyMissed && `MISSED: ${input.whyMissed}`].filter(Boolean).join('; ');
  if (notes) row.notes = notes;
  if (input.detail) row.detail = input.detail;
  return row;
}

function significant(x: number | null): number | null {
  if (x === null) return null;
  if (Math.abs(x) >= 100) return Math.round(x);
  return Number(x.toPrecision(3));
}

/** A row for a workload that could not run at all: reported, never dropped. */
export function failedRow(workload: string, unit: string, target: string, reason: string): Row {
  return makeRow({ workload, unit, project: null, target, met: () => false, notes: `not measured: ${reason}` });
}
