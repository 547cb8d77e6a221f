import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Property, Subject } from '../../domain/ids.js';
import type { Ledger } from '../../runtime/ledger.js';
import { sendBody } from '../reply.js';
import { AsOfBody, AsOfParam, PageLimit, Position, PositionParam, Resolved, readProblems } from '../schemas.js';

const HistoryEntry = z.looseObject({
  position: Position,
  recordedAt: z.string(),
  event: z.string(),
  claimId: z.string(),
  actor: z.string().describe('Who recorded it'),
  resolvedAfter: Resolved.nullable(),
});

export const historyRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.get(
    '/history/:subject',
    {
      schema: {
        tags: ['claims'],
        summary:
          'Every claim, amendment and retraction about a subject, and the resolved value after each; `limit` and `after` page through them',
        params: z.object({ subject: Subject }),
        querystring: z.object({
          property: Property.optional(),
          asOf: AsOfParam,
          after: PositionParam.optional().describe('Only the steps after this log position: the `next` of the previous page'),
          limit: PageLimit.describe('Most steps (events) to return, each under every key it touched; with it (or `after`) the body says `next`'),
        }),
        response: {
          200: z.looseObject({
            asOf: AsOfBody,
            subject: z.string(),
            aliases: z.array(z.string()),
            properties: z.record(z.string(), z.array(HistoryEntry)),
            next: Position.nullable().optional().describe('`after` for the next page; null on the last page'),
          }),
          ...readProblems,
        },
      },
    },
    async ({ params, query }, reply) => {
      const page = { after: query.after === undefined ? undefined : BigInt(query.after), limit: query.limit };
      return sendBody(reply, ledger.history(params.subject, query.property, query.asOf, page));
    },
  );
};
