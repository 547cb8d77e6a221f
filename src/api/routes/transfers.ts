import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ledger } from '../../runtime/ledger.js';
import { subjectOfKind } from '../../domain/ids.js';
import { sendBody } from '../reply.js';
import { AsOfBody, AsOfQuery, ListQuery, NextCursor, Resolved, readProblems } from '../schemas.js';
import { asksForPage } from '../../runtime/list-page.js';

const Transfer = z.looseObject({
  subject: z.string(),
  status: Resolved.nullable(),
  count: Resolved.nullable(),
  origin: Resolved.nullable(),
  destination: Resolved.nullable(),
  transport: Resolved.nullable(),
  byGroup: z.record(z.string(), Resolved),
  origins: Resolved.nullable(),
  facilities: z.array(z.looseObject({ facility: z.string(), quantity: Resolved.nullable() })),
  conflicts: z.array(z.string()),
});

export const transfersRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.get(
    '/transfers',
    {
      schema: {
        tags: ['views'],
        summary: 'Every transfer with its resolved properties, by subject; `limit` and `after` page through them',
        querystring: ListQuery,
        response: { 200: z.object({ asOf: AsOfBody, transfers: z.array(Transfer), next: NextCursor.optional() }), ...readProblems },
      },
    },
    async ({ query }, reply) =>
      sendBody(reply, asksForPage(query) ? ledger.transfersPage(query, query.asOf) : ledger.transfers(query.asOf)),
  );

  app.get(
    '/transfers/:id',
    {
      schema: {
        tags: ['views'],
        summary: 'One transfer, by `syria-iraq-1` or `transfer:syria-iraq-1`',
        params: z.object({ id: z.string().min(1).max(200) }),
        querystring: AsOfQuery,
        response: { 200: z.object({ asOf: AsOfBody, transfer: Transfer }), ...readProblems },
      },
    },
    async (request, reply) => sendBody(reply, ledger.transfer(subjectOfKind('transfer', request.params.id), request.query.asOf)),
  );
};
