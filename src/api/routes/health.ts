import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ledger } from '../../runtime/ledger.js';
import { sendBody } from '../reply.js';
import { Position } from '../schemas.js';

const Health = z.looseObject({
  status: z.enum(['ok', 'degraded']).describe('degraded: the projections stopped following the store, or the last checkpoint could not be saved (see problem)'),
  engine: z.enum(['sqlite', 'esdb']),
  lastPosition: Position.describe('Position of the last event in the store'),
  projectedPosition: Position.describe('Position the views have caught up to'),
  lag: z.number().int().describe('lastPosition - projectedPosition'),
  chainHead: z.object({ position: Position.nullable(), hash: z.string() }).nullable().describe('Hash-chain head, to anchor elsewhere'),
  problem: z.string().optional(),
});

export const healthRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.get(
    '/health',
    {
      config: { access: 'open' },
      schema: { tags: ['service'], summary: 'Store engine, positions, projection lag and chain head', response: { 200: Health } },
    },
    async (_request, reply) => sendBody(reply, await ledger.health()),
  );
};
