import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ledger } from '../../runtime/ledger.js';
import { sendBody } from '../reply.js';
import { AsOfBody, AsOfQuery, Resolved, readProblems } from '../schemas.js';

const Interval = z.tuple([z.number(), z.number().nullable()]).describe('[lo, hi]; hi null = unbounded');

const Counts = z.looseObject({
  asOf: AsOfBody,
  total: z.looseObject({ interval: Interval, transfers: z.number().int() }),
  byGroup: z.record(z.string(), z.looseObject({ interval: Interval })),
  planned: Resolved.nullable(),
  checks: z.array(z.looseObject({ name: z.string(), subject: z.string(), ok: z.boolean(), detail: z.string() })),
});

export const countsRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.get(
    '/counts',
    {
      schema: {
        tags: ['views'],
        summary: 'Detainee totals by interval arithmetic, by group, the planned total and consistency checks',
        querystring: AsOfQuery,
        response: { 200: Counts, ...readProblems },
      },
    },
    async (request, reply) => sendBody(reply, ledger.counts(request.query.asOf)),
  );
};
