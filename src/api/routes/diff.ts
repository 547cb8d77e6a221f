import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ledger } from '../../runtime/ledger.js';
import { sendBody } from '../reply.js';
import { AsOfParam, NextCursor, PageLimit, Position, Resolved, SubjectCursor, readProblems } from '../schemas.js';

const Change = z.looseObject({
  subject: z.string(),
  key: z.string(),
  before: Resolved.nullable(),
  after: Resolved.nullable(),
  events: z.array(z.looseObject({ position: Position, event: z.string(), claimId: z.string() })),
});

export const diffRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.get(
    '/diff',
    {
      schema: {
        tags: ['claims'],
        summary: 'The resolved values that changed between two points of the log, and the events that changed them',
        querystring: z.object({
          from: z.string().min(1).max(64).describe('A log position or ISO 8601 time'),
          to: AsOfParam,
          after: SubjectCursor.describe('Only the subjects after this one, in code-point order: the `next` of the previous page'),
          limit: PageLimit.describe('Most changed subjects to return, each with every key of it that changed; with it (or `after`) the body says `next`'),
        }),
        response: {
          200: z.looseObject({ from: Position, to: Position, changes: z.array(Change), next: NextCursor.optional() }),
          ...readProblems,
        },
      },
    },
    async ({ query }, reply) => sendBody(reply, ledger.diff(query.from, query.to, { after: query.after, limit: query.limit })),
  );
};
