import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ledger } from '../../runtime/ledger.js';
import { sendBody } from '../reply.js';
import { AsOfBody, ListQuery, NextCursor, Resolved, readProblems } from '../schemas.js';
import { asksForPage } from '../../runtime/list-page.js';

const Facility = z.looseObject({
  subject: z.string(),
  aliases: z.array(z.string()),
  name: Resolved.nullable(),
  location: Resolved.nullable(),
  transfers: z.array(z.looseObject({ transfer: z.string(), quantity: Resolved.nullable() })),
});

export const facilitiesRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.get(
    '/facilities',
    {
      schema: {
        tags: ['views'],
        summary: 'Facilities (aliases merged) with the transfers assigned to them, by subject; `limit` and `after` page through them',
        querystring: ListQuery,
        response: { 200: z.object({ asOf: AsOfBody, facilities: z.array(Facility), next: NextCursor.optional() }), ...readProblems },
      },
    },
    async ({ query }, reply) =>
      sendBody(reply, asksForPage(query) ? ledger.facilitiesPage(query, query.asOf) : ledger.facilities(query.asOf)),
  );
};
