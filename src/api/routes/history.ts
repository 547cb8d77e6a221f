import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Property, Subject } from '../../domain/ids.js';
import type { Ledger } from '../../runtime/ledger.js';
import { sendBody } from '../reply.js';
import { AsOfBody, AsOfParam, Position, Resolved, readProblems } from '../schemas.js';

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
        summary: 'Every claim, amendment and retraction about a subject, and the resolved value after each',
        params: z.object({ subject: Subject }),
        querystring: z.object({ property: Property.optional(), asOf: AsOfParam }),
        response: {
          200: z.looseObject({
            asOf: AsOfBody,
            subject: z.string(),
            aliases: z.array(z.string()),
            properties: z.record(z.string(), z.array(HistoryEntry)),
          }),
          ...readProblems,
        },
      },
    },
    async (request, reply) =>
      sendBody(reply, ledger.history(request.params.subject, request.query.property, request.query.asOf)),
  );
};
