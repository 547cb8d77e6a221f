/** What deciding a command reads of the stream revisions: a `ReadonlyMap` of them will do too. */
export interface RevisionsByStream {
  get(stream: string): bigint | undefined;
}

/**
 * The revisions as they stood when `StreamRevisions.standing` was called, to read while the
 * fold goes on; `release` once read.
 */
export interface StandingRevisions extends Iterable<[string, bigint]> {
  release(): void;
}

/** Revisions set and not yet in the map: at most this many, then they all go in. */
const MAX_QUEUED = 1 << 16;

/**
 * The last revision of each stream the projector has folded, which commands are decided
 * against. Each is held as a plain number while it is a safe integer (every stream's, in
 * practice) and as a bigint beyond that, so it reads back exactly.
 *
 * A fold sets one for every event. A bigint is a heap object, and the map, long since in the
 * old generation, held each one until that stream's next event, so the young-generation
 * collector kept copying them; a small number is no object at all. A 1M-event fold by hand,
 * six alternating pairs: 6.84 s against 7.03 s on average.
 *
 * Sets are queued and go into the map together, before anything reads it. Made one at a
 * time in a fold, which parses and allocates as it goes, each set found the map and its key
 * out of the CPU's caches: ~0.5 µs apiece, half a second of a 1M-event fold (runs of a page's
 * 1,000 were no better). In runs of tens of thousands the map stays in cache from one set to
 * the next: ~0.1 s for all of them. By hand, five alternating pairs: 6.04 against 6.33 s,
 * every pair faster.
 */
export class StreamRevisions implements RevisionsByStream, Iterable<[string, bigint]> {
  private readonly byStream = new Map<string, number | bigint>();
  private readonly queuedStreams: string[] = [];
  private readonly queuedRevisions: (number | bigint)[] = [];
  private queued = 0;
  /**
   * One per standing view not yet released: the revision each stream had before the fold
   * first changed it since the view was taken (undefined for a stream new since).
   */
  private readonly replacedSince = new Set<Map<string, number | bigint | undefined>>();

  get(stream: string): bigint | undefined {
    this.settle();
    const revision = this.byStream.get(stream);
    return revision === undefined ? undefined : BigInt(revision);
  }

  set(stream: string, revision: bigint): void {
    const small = Number(revision);
    // The arrays are written over, never emptied, so their storage is not grown again each run.
    this.queuedStreams[this.queued] = stream;
    this.queuedRevisions[this.queued] = Number.isSafeInteger(small) ? small : revision;
    this.queued += 1;
    if (this.queued === MAX_QUEUED) this.settle();
  }

  get size(): number {
    this.settle();
    return this.byStream.size;
  }

  *[Symbol.iterator](): Iterator<[string, bigint]> {
    this.settle();
    for (const [stream, revision] of this.byStream) yield [stream, BigInt(revision)];
  }

  /**
   * The revisions as they are now, for a checkpoint to save a piece at a time while the fold
   * goes on: unlike an entry of the state, a revision does not say when it was set, so the
   * fold keeps what it replaces until the view is released. A checkpoint that held later
   * revisions was wrong over a log restored from a copy taken where it was saved: commands
   * on those streams were decided against revisions the log did not have, and all refused.
   */
  standing(): StandingRevisions {
    this.settle();
    const replaced = new Map<string, number | bigint | undefined>();
    this.replacedSince.add(replaced);
    const byStream = this.byStream;
    return {
      *[Symbol.iterator]() {
        // A stream added meanwhile is iterated too, and skipped: it was replaced from undefined.
        for (const [stream, revision] of byStream) {
          const then = replaced.has(stream) ? replaced.get(stream) : revision;
          if (then !== undefined) yield [stream, BigInt(then)];
        }
      },
      release: () => void this.replacedSince.delete(replaced),
    };
  }

  /** Puts the queued sets in the map, in the order they were made. Every read does it first. */
  settle(): void {
    if (this.replacedSince.size > 0) this.keepReplaced();
    // Emptied before the loop, not after it. A fold's first run is long enough for V8 to
    // compile the loop alone (on-stack replacement) before the line after it has ever run, and
    // whenever settle ran unoptimised (after a save first took the branch above) it entered
    // that code again, which gave up at the unseen line on every call: 109 times in a 5 s
    // POST load, by --trace-deopt.
    const queued = this.queued;
    this.queued = 0;
    for (let i = 0; i < queued; i += 1) this.byStream.set(this.queuedStreams[i]!, this.queuedRevisions[i]!);
  }

  /** For each standing view, the revisions the queued sets are about to replace, unless kept already. */
  private keepReplaced(): void {
    for (const replaced of this.replacedSince) {
      for (let i = 0; i < this.queued; i += 1) {
        const stream = this.queuedStreams[i]!;
        if (!replaced.has(stream)) replaced.set(stream, this.byStream.get(stream));
      }
    }
  }
}
