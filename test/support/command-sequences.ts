import fc from 'fast-check';
import type { CommandInput } from '../../src/domain/commands.js';
import { DomainRuleError } from '../../src/domain/errors.js';
import { subjectKind } from '../../src/domain/ids.js';
import { aliasSubject, amendClaim, assertClaim, recordReport, registerSource, retractClaim } from './commands.js';
import { logOf, type InMemoryLog } from './in-memory-log.js';

/** Runs per property: small by default so the suite stays quick; `FC_RUNS=1000` for a deep run. */
export function propertyRuns(byDefault: number): number {
  const fromEnv = Number(process.env['FC_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : byDefault;
}

/** Sources of every reliability class the ranking looks at, and reports with and without a date. */
export const PRELUDE: CommandInput[] = [
  registerSource('s-a', { reliability: 'A' }),
  registerSource('s-c', { reliability: 'C' }),
  registerSource('s-f'),
  recordReport('r-undated'),
  recordReport('r-early', { publishedAt: '2026-11-20T08:00:00Z' }),
  recordReport('r-late', { publishedAt: '2026-11-25T08:00:00Z' }),
];
const SOURCES = ['s-a', 's-c', 's-f'];
const REPORTS = ['r-undated', 'r-early', 'r-late'];
const HEDGES = ['confirmed', 'stated', 'reported', 'indicated', 'unconfirmed'] as const;

/** The subjects one sequence may touch; claim and retraction ids start with `prefix`. */
export interface Vocabulary {
  prefix: string;
  transfers: string[];
  facilities: string[];
  operations: string[];
}

const PROPERTIES_BY_KIND: Record<string, string[]> = {
  transfer: ['detainees.count', 'status', 'detainees.byGroup', 'facility.assignment', 'transport', 'notes.free'],
  facility: ['facility.name', 'facility.location'],
  operation: ['planned.total', 'notes.free'],
};

/** What a generated step means; indices are taken modulo whatever exists when it is interpreted. */
export type Intent =
  | { kind: 'assert'; subject: number; property: number; value: number; source: number; report: number; hedge: number }
  | { kind: 'amend'; target: number; value: number; source: number; report: number; hedge: number }
  | { kind: 'retract'; target: number; source: number; report: number }
  | { kind: 'alias'; from: number; to: number }
  | { kind: 'resend'; which: number };

const index = fc.nat({ max: 1_000 });
const attribution = { source: index, report: index, hedge: index };

export const intent: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('assert' as const), subject: index, property: index, value: fc.nat(), ...attribution }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('amend' as const), target: index, value: fc.nat(), ...attribution }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retract' as const), target: index, source: index, report: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('alias' as const), from: index, to: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resend' as const), which: index }) },
);

export const intents = (maxLength = 30): fc.Arbitrary<Intent[]> => fc.array(intent, { maxLength, size: 'max' });

const pick = <T>(items: readonly T[], at: number): T => items[at % items.length]!;

function quantityFor(seed: number): unknown {
  const n = (seed >>> 3) % 300;
  switch (seed % 6) {
    case 0:
      return { kind: 'exact', n };
    case 1:
      return { kind: 'approximate', n };
    case 2:
      return { kind: 'range', min: n, max: n + ((seed >>> 12) % 100) };
    case 3:
      return { kind: 'atLeast', min: n };
    case 4:
      return { kind: 'atMost', max: n };
    default:
      return { kind: 'undisclosed' };
  }
}

/** A value that fits `property`, chosen by `seed`. */
export function valueFor(property: string, seed: number, vocabulary: Vocabulary): unknown {
  switch (property) {
    case 'detainees.count':
    case 'planned.total':
      return quantityFor(seed);
    case 'status':
      return pick(['planned', 'underway', 'completed', 'cancelled'], seed);
    case 'detainees.byGroup':
      return seed % 2 === 0 ? { Iraqi: quantityFor(seed >>> 1) } : { Iraqi: quantityFor(seed >>> 1), foreign: quantityFor(seed >>> 4) };
    case 'facility.assignment': {
      const facility = pick(vocabulary.facilities, seed >>> 2);
      return seed % 3 === 0 ? { facility, quantity: quantityFor(seed >>> 5) } : { facility };
    }
    case 'transport':
      return seed % 2 === 0 ? { mode: 'helicopter' } : { mode: 'helicopter', operator: 'Coalition' };
    case 'facility.name':
      return pick(['Alpha Prison', 'Beta Prison'], seed);
    case 'facility.location':
      return pick(['Nasiriyah', 'Baghdad'], seed);
    default:
      return pick([1, 'text', { nested: [seed % 5, null] }], seed);
  }
}

/**
 * Turns intents into commands the ledger accepts, against `log` (which it extends): amendments
 * target the newest standing link of a chain, retractions a standing claim, aliases stay
 * within a kind and never cycle, re-sends repeat an earlier command (a no-op).
 */
export function commandsFor(steps: readonly Intent[], vocabulary: Vocabulary, log: InMemoryLog = logOf(...PRELUDE)): CommandInput[] {
  const accepted: CommandInput[] = [];
  const ours = () => [...log.state.claims.keys()].filter((id) => id.startsWith(vocabulary.prefix));
  const context = () => log.context();
  const by = (step: { source: number; report: number }) => ({ sourceId: pick(SOURCES, step.source), reportId: pick(REPORTS, step.report) });
  let serial = 0;
  const nextId = (kind: string) => `${vocabulary.prefix}${kind}${(serial += 1)}`;

  for (const step of steps) {
    let command: CommandInput | undefined;
    switch (step.kind) {
      case 'assert': {
        const subject = pick([...vocabulary.transfers, ...vocabulary.facilities, ...vocabulary.operations], step.subject);
        const property = pick(PROPERTIES_BY_KIND[subjectKind(subject)]!, step.property);
        command = assertClaim(nextId('c'), subject, property, valueFor(property, step.value, vocabulary), {
          ...by(step),
          hedge: pick(HEDGES, step.hedge),
        });
        break;
      }
      case 'amend': {
        const newest = ours().filter((id) => {
          const claim = context().claim(id)!;
          return claim.retractedBy === undefined && claim.standingAmendments.length === 0;
        });
        if (newest.length === 0) break;
        const target = pick(newest, step.target);
        const property = context().claim(target)!.event.property;
        command = amendClaim(nextId('c'), target, valueFor(property, step.value, vocabulary), { ...by(step), hedge: pick(HEDGES, step.hedge) });
        break;
      }
      case 'retract': {
        const standing = ours().filter((id) => context().claim(id)!.retractedBy === undefined);
        if (standing.length === 0) break;
        command = retractClaim(nextId('x'), pick(standing, step.target), by(step));
        break;
      }
      case 'alias': {
        const pool = step.from % 2 === 0 ? vocabulary.facilities : vocabulary.transfers;
        const alias = pick(pool, step.from >>> 1);
        const canonical = pick(pool, step.to);
        if (pool.length > 1 && alias !== canonical) command = aliasSubject(alias, canonical);
        break;
      }
      case 'resend':
        if (accepted.length > 0) command = pick(accepted, step.which);
        break;
      default: {
        const unhandled: never = step;
        return unhandled;
      }
    }
    if (command === undefined) continue;
    try {
      log.record(command);
      accepted.push(command);
    } catch (error) {
      // An alias that would cycle or re-point is not a valid step; anything else is a finding.
      if (!(error instanceof DomainRuleError && error.code.startsWith('ALIAS_'))) throw error;
    }
  }
  return accepted;
}

/** Every subject a vocabulary names. */
export const subjectsOf = (vocabulary: Vocabulary): string[] => [...vocabulary.transfers, ...vocabulary.facilities, ...vocabulary.operations];
