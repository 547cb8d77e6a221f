import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ledger } from '../../runtime/ledger.js';
import { sendBody } from '../reply.js';
import { AsOfParam, Position, PositionParam, readProblems } from '../schemas.js';

const RecordedEvent = z.object({
  streamId: z.string(),
  id: z.string(),
  revision: z.number().int(),
  position: Position,
  type: z.string(),
  data: z.unknown(),
  metadata: z.record(z.string(), z.unknown()).describe('commandId, actor, schemaVersion'),
  created: z.string().describe('Recorded time'),
});

export const eventsRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.get(
    '/events',
    {
      schema: {
        tags: ['log'],
        summary: 'The raw event log, oldest first, a page at a time',
        querystring: z.object({
          from: PositionParam.default('0').describe('First position to return (inclusive); use `next` of the previous page'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          asOf: AsOfParam,
        }),
        response: {
          200: z.object({
            events: z.array(RecordedEvent),
            next: Position.nullable().describe('`from` of the next page; null at the end'),
          }),
          ...readProblems,
        },
      },
    },
    async (request, reply) => {
      const { from, limit, asOf } = request.query;
      const page = await ledger.events(BigInt(from), limit);
      if (asOf === undefined) return sendBody(reply, page);
      const until = ledger.view(asOf).position;
      const events = page.events.filter((event) => event.position <= until);
      const next = events.length === page.events.length && page.next !== null && page.next <= until ? page.next : null;
      return sendBody(reply, { events, next });
    },
  );
};
