import { primaryIdOf, type Command } from '../src/domain/commands.js';
import { decide } from '../src/domain/decide.js';
import { SCHEMA_VERSION } from '../src/domain/events.js';
import { commandIdOf, eventIdOf } from '../src/runtime/event-ids.js';
import type { EventData, JsonValue } from '../src/store/contract.js';
import { LoadContext } from './load-context.js';
import { SeededRandom } from './random.js';
import * as words from './vocabulary.js';

/**
 * The benchmark's load: a deterministic stream of interchange-format commands about a
 * developing story — sources registered, reports recorded, claims asserted about thousands of
 * transfers, facilities and operations, amended, retracted, subjects aliased — each decided by
 * the product's own `decide` into the events a ledger would append.
 */
export interface LoadOptions {
  /** @defaultValue 20261124 */
  seed?: number;
  /** @defaultValue 3000 */
  transfers?: number;
  /** @defaultValue 600 */
  facilities?: number;
  /** @defaultValue 60 */
  operations?: number;
  /** Sources registered over the run (40 before the first claim). @defaultValue 240 */
  sources?: number;
}

/** One decided command: the append a ledger would make for it. */
export interface LoadAppend {
  command: Command;
  stream: string;
  /** What the decision read: the stream's last revision, or `no_stream`. */
  expectedRevision: bigint | 'no_stream';
  events: EventData[];
}

const ANALYSTS = 12;
const FIRST_SOURCES = 40;

export class ClaimsLoad {
  readonly context = new LoadContext(20_000);
  private readonly random: SeededRandom;
  private readonly size: Required<LoadOptions>;
  private sequence = 0;

  constructor(options: LoadOptions = {}) {
    this.size = { seed: 20261124, transfers: 3000, facilities: 600, operations: 60, sources: 240, ...options };
    this.random = new SeededRandom(this.size.seed);
  }

  /** The next command, decided; the load's memory of the story moves on with it. */
  next(): LoadAppend {
    const { command, headIndex } = this.nextCommand();
    return this.decideCommand(command, headIndex);
  }

  /** The next `count` appends. */
  take(count: number): LoadAppend[] {
    const appends: LoadAppend[] = [];
    for (let i = 0; i < count; i += 1) appends.push(this.next());
    return appends;
  }

  /**
   * A new claim citing what the story already has, without remembering it: for callers
   * (HTTP load) that send commands the ledger decides itself.
   */
  freshClaim(claimId: string): Command {
    return this.assertCommand(claimId);
  }

  /**
   * `count` new claims about one subject, decided one after another and appended as one batch:
   * an analyst importing what a long report says about a transfer.
   */
  burst(count: number): LoadAppend {
    const about = this.subject();
    const decided: LoadAppend[] = [];
    for (let i = 0; i < count; i += 1) {
      this.sequence += 1;
      decided.push(this.decideCommand(this.assertCommand(`claim-${this.sequence.toString(36)}`, about), undefined));
    }
    const first = decided[0]!;
    return { ...first, events: decided.flatMap((append) => append.events) };
  }

  private decideCommand(command: Command, headIndex: number | undefined): LoadAppend {
    const decision = decide(command, this.context);
    this.context.record(decision, headIndex);
    const actor = `analyst-${this.sequence % ANALYSTS}`;
    const metadata = { commandId: commandIdOf(command), actor, schemaVersion: SCHEMA_VERSION };
    const primaryId = primaryIdOf(command);
    const events = decision.events.map(({ type, ...data }) => ({
      id: eventIdOf(type, primaryId),
      type,
      data: data as JsonValue,
      metadata,
    }));
    return { command, stream: decision.stream, expectedRevision: decision.expectedRevision, events };
  }

  private nextCommand(): { command: Command; headIndex?: number } {
    const n = (this.sequence += 1);
    const { context, random } = this;
    if (context.sources.length < FIRST_SOURCES) return { command: this.sourceCommand() };
    if (context.reports.length === 0) return { command: this.reportCommand() };
    const roll = random.next();
    if (roll < 0.002 && context.sources.length < this.size.sources) return { command: this.sourceCommand() };
    if (roll < 0.09) return { command: this.reportCommand() };
    if (roll < 0.093) return { command: this.aliasCommand() };
    if (roll < 0.163 && context.heads.length > 0) {
      const headIndex = random.below(context.heads.length);
      const target = context.heads[headIndex]!;
      const { property } = context.headAbout(target)!;
      const command: Command = {
        type: 'AmendClaim',
        claimId: `claim-${n.toString(36)}`,
        amends: target,
        value: words.valueOf(random, property, this.size.facilities),
        reason: 'revised figure in a later report',
        ...this.attribution(),
      } as Command;
      return { command, headIndex };
    }
    if (roll < 0.193 && context.heads.length > 0) {
      const headIndex = random.below(context.heads.length);
      const { reportId, sourceId } = this.attribution();
      const command: Command = {
        type: 'RetractClaim',
        retractionId: `retraction-${n.toString(36)}`,
        claimId: context.heads[headIndex]!,
        reportId,
        sourceId,
        reason: 'the outlet withdrew the figure',
        reasonCode: words.retractionReason(random),
      };
      return { command, headIndex };
    }
    return { command: this.assertCommand(`claim-${n.toString(36)}`) };
  }

  private assertCommand(claimId: string, about = this.subject()): Command {
    const { random } = this;
    const { subject, properties } = about;
    let property: string = random.pick(properties);
    if (random.chance(0.05)) property = words.otherProperty(random);
    return {
      type: 'AssertClaim',
      claimId,
      subject,
      property,
      value: words.valueOf(random, property, this.size.facilities),
      ...this.attribution(),
    } as Command;
  }

  /** Claims cluster on a few busy subjects, as coverage of a story does. */
  private subject(): { subject: string; properties: readonly string[] } {
    const { random, size, context } = this;
    const skewed = (n: number) => Math.floor(n * random.next() ** 1.5);
    const kind = random.next();
    if (kind < 0.02 && context.aliasNames.length > 0) {
      const alias = random.pick(context.aliasNames);
      return { subject: alias, properties: alias.startsWith('facility:') ? words.FACILITY_PROPERTIES : words.TRANSFER_PROPERTIES };
    }
    if (kind < 0.72) return { subject: words.transferSubject(skewed(size.transfers)), properties: words.TRANSFER_PROPERTIES };
    if (kind < 0.92) return { subject: words.facilitySubject(skewed(size.facilities)), properties: words.FACILITY_PROPERTIES };
    return { subject: words.operationSubject(skewed(size.operations)), properties: words.OPERATION_PROPERTIES };
  }

  private attribution() {
    const { random, context } = this;
    const reports = context.reports;
    const reportId = reports[reports.length - 1 - random.below(Math.min(reports.length, 50))]!;
    return words.attribution(random, reportId, random.pick(context.sources));
  }

  private sourceCommand(): Command {
    const n = this.context.sources.length;
    return words.sourceCommand(this.random, `source-${n}`, n) as Command;
  }

  private reportCommand(): Command {
    const n = this.context.reports.length;
    return words.reportCommand(this.random, `report-${n}`, n) as Command;
  }

  /** Aliases fold a second spelling into a subject; an alias is never itself a target. */
  private aliasCommand(): Command {
    const { random, size, context } = this;
    const canonical = random.chance(0.6) ? words.facilitySubject(random.below(size.facilities)) : words.transferSubject(random.below(size.transfers));
    return { type: 'AliasSubject', alias: `${canonical}.alt-${context.aliases.size}`, canonical };
  }
}
