import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Id } from '../../domain/ids.js';
import type { Ledger } from '../../runtime/ledger.js';
import { claimAsOf } from '../claim-as-of.js';
import { sendBody } from '../reply.js';
import { AsOfQuery, Position, readProblems } from '../schemas.js';

const ClaimBody = z.looseObject({
  etag: z.string().describe('The value to send as If-Match when amending or retracting this claim'),
  claim: z.looseObject({ claimId: z.string(), subject: z.string(), property: z.string(), value: z.unknown() }),
  position: Position,
  recordedAt: z.string(),
  actor: z.string().describe('Who recorded the claim'),
  source: z.looseObject({ sourceId: z.string() }).nullable(),
  report: z.looseObject({ reportId: z.string() }).nullable(),
  retraction: z.looseObject({ retractionId: z.string(), position: Position }).nullable(),
  amendedBy: z.array(z.string()),
  standingAmendments: z.array(z.string()),
  chain: z.array(z.string()).describe('The claims of its amendment chain, oldest first'),
});

export const claimsRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.get(
    '/claims/:id',
    {
      schema: {
        tags: ['claims'],
        summary: 'One claim with its attribution, amendment chain and ETag',
        params: z.object({ id: Id }),
        querystring: AsOfQuery,
        response: { 200: ClaimBody, ...readProblems },
      },
    },
    async (request, reply) => {
      const view = ledger.view(request.query.asOf);
      const body = claimAsOf(ledger.claim(request.params.id), view);
      return sendBody(reply.header('etag', body.etag), body);
    },
  );
};
