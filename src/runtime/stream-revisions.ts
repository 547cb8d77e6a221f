/** What deciding a command reads of the stream revisions: a `ReadonlyMap` of them will do too. */
export interface RevisionsByStream {
  get(stream: string): bigint | undefined;
}

/**
 * The last revision of each stream the projector has folded, which commands are decided
 * against. Each is held as a plain number while it is a safe integer (every stream's, in
 * practice) and as a bigint beyond that, so it reads back exactly.
 *
 * A fold sets one for every event. A bigint is a heap object, and the map, long since in the
 * old generation, held each one until that stream's next event, so the young-generation
 * collector kept copying them; a small number is no object at all. A 1M-event fold by hand,
 * six alternating pairs: 6.84 s against 7.03 s on average.
 */
export class StreamRevisions implements RevisionsByStream, Iterable<[string, bigint]> {
  private readonly byStream = new Map<string, number | bigint>();

  get(stream: string): bigint | undefined {
    const revision = this.byStream.get(stream);
    return revision === undefined ? undefined : BigInt(revision);
  }

  set(stream: string, revision: bigint): void {
    const small = Number(revision);
    this.byStream.set(stream, Number.isSafeInteger(small) ? small : revision);
  }

  get size(): number {
    return this.byStream.size;
  }

  *[Symbol.iterator](): Iterator<[string, bigint]> {
    for (const [stream, revision] of this.byStream) yield [stream, BigInt(revision)];
  }
}
