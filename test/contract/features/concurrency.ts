import { describe, expect, it } from 'vitest';
import { NO_STREAM, WrongExpectedVersionError, type ExpectedRevision } from '../../../src/store/index.js';
import { anEvent, collect, type ContractContext } from './context.js';

const WRITERS = 50;

export function concurrencyTests(ctx: ContractContext): void {
  describe('concurrent writers on one stream', () => {
    it(`${WRITERS} writers racing for each revision: exactly one winner, every loser a WrongExpectedVersionError`, async () => {
      const store = await ctx.open();
      const stream = ctx.stream('race');
      const ROUNDS = 8;
      const winners: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const expected: ExpectedRevision = round === 0 ? NO_STREAM : BigInt(round - 1);
        const attempts = Array.from({ length: WRITERS }, (_, w) => anEvent({ round, w }));
        const settled = await Promise.allSettled(
          attempts.map((event) => store.appendToStream(stream, [event], { expectedRevision: expected })),
        );
        const won = settled.flatMap((s, w) => (s.status === 'fulfilled' ? [w] : []));
        expect(won, `round ${round}`).toHaveLength(1);
        expect((settled[won[0]!] as PromiseFulfilledResult<{ nextExpectedRevision: bigint }>).value.nextExpectedRevision).toBe(BigInt(round));
        winners.push(attempts[won[0]!]!.id);
        for (const s of settled) {
          if (s.status === 'fulfilled') continue;
          expect(s.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect((s.reason as WrongExpectedVersionError).expected).toBe(expected);
          expect((s.reason as WrongExpectedVersionError).actual).toBe(BigInt(round));
        }
      }
      const stored = await collect(store.readStream(stream));
      expect(stored.map((e) => e.id)).toEqual(winners);
      expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: ROUNDS }, (_, i) => BigInt(i)));
    });

    it(`${WRITERS} writers each appending 3 events with read-and-retry: no lost update, no revision twice`, async () => {
      const store = await ctx.open();
      const stream = ctx.stream('retry-loop');
      let conflicts = 0;
      const current = async (): Promise<ExpectedRevision> => {
        try {
          const [last] = await collect(store.readStream(stream, { direction: 'backwards', maxCount: 1 }));
          return last!.revision;
        } catch {
          return NO_STREAM;
        }
      };
      const revisionsWon = await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          const won: bigint[] = [];
          for (let i = 0; i < 3; i++) {
            const event = anEvent({ w, i });
            while (true) {
              try {
                const result = await store.appendToStream(stream, [event], { expectedRevision: await current() });
                won.push(result.nextExpectedRevision);
                break;
              } catch (error) {
                if (!(error instanceof WrongExpectedVersionError)) throw error;
                conflicts++;
              }
            }
          }
          return won;
        }),
      );
      const all = revisionsWon.flat().sort((a, b) => (a < b ? -1 : 1));
      expect(all).toEqual(Array.from({ length: WRITERS * 3 }, (_, i) => BigInt(i)));
      expect(await collect(store.readStream(stream))).toHaveLength(WRITERS * 3);
      expect(conflicts).toBeGreaterThan(0);
    });
  });
}
