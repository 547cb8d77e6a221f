import { z } from 'zod';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Command } from '../../domain/commands.js';
import { ValidationError } from '../../domain/errors.js';
import type { LedgerError } from '../../ledger-error.js';
import type { Ledger } from '../../runtime/ledger.js';
import { BatchRejectedError, type CommandOutcome } from '../../runtime/command-handler.js';
import { parseCommandsBody, type ParsedCommands } from '../commands-body.js';
import { InvalidCommandsError } from '../errors.js';
import { problemOf } from '../problem.js';
import { sendBody } from '../reply.js';
import { ProblemBody } from '../schemas.js';

const Outcome = z.object({
  index: z.number().int(),
  type: z.string(),
  id: z.string(),
  status: z.enum(['recorded', 'unchanged']),
  stream: z.string(),
  position: z.number().int().optional().describe('Log position of the recorded event; absent when unchanged'),
});

const Failure = ProblemBody.omit({ type: true, instance: true }).extend({ index: z.number().int() });

const CommandsResult = z.object({
  outcomes: z.array(Outcome),
  failures: z.array(Failure).optional().describe('With ?partial=true: the commands that were not recorded'),
});

const problems = Object.fromEntries([400, 401, 403, 409, 412, 413, 415, 422, 429, 503].map((status) => [status, ProblemBody]));

interface Failed {
  index: number;
  error: LedgerError;
}

/** POST /commands: one command or an array, in the interchange format (DESIGN §2). */
export const commandsRoutes: FastifyPluginAsyncZod<{ ledger: Ledger }> = async (app, { ledger }) => {
  app.route({
    method: 'POST',
    url: '/commands',
    config: { access: 'write' },
    // The body is checked element by element by the domain's parser (see commands-body.ts),
    // so a bad element is reported with its index and ?partial=true can keep the good ones.
    validatorCompiler: ({ schema, method, url, httpPart }) =>
      httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler({ schema: schema as never, method, url, httpPart }),
    schema: {
      tags: ['commands'],
      summary: 'Record commands: one object or an array (a batch is refused whole on any error)',
      querystring: z.object({
        partial: z.stringbool().optional().describe('Record the commands that pass and report the others'),
      }),
      headers: z.object({
        'if-match': z.string().max(200).optional().describe('ETag of the claim a single AmendClaim or RetractClaim targets'),
      }),
      body: z.union([Command, z.array(Command).min(1)]),
      response: { 200: CommandsResult, 201: CommandsResult, ...problems },
    },
    handler: async (request, reply) => {
      const parsed = parseCommandsBody(request.body);
      const partial = request.query.partial ?? false;
      const ifMatch = request.headers['if-match']?.trim();
      if (ifMatch !== undefined) checkIfMatchApplies(parsed);
      if (parsed.invalid.length > 0 && (!partial || parsed.commands.length === 0)) {
        throw new InvalidCommandsError(parsed.invalid);
      }
      const result = await ledger
        .execute(parsed.commands, { actor: request.actor, ifMatch, partial })
        .catch((error: unknown) => {
          throw parsed.single && error instanceof BatchRejectedError ? error.error : error;
        });
      const outcomes: CommandOutcome[] = result.outcomes.map((o) => ({ ...o, index: parsed.indices[o.index]! }));
      const failed: Failed[] = [
        ...parsed.invalid.map(({ index, issues }) => ({ index, error: new ValidationError(issues) })),
        ...result.failures.map((f) => ({ index: parsed.indices[f.index]!, error: f.error })),
      ].sort((a, b) => a.index - b.index);
      if (outcomes.length === 0 && failed[0]) throw new BatchRejectedError(failed[0].index, failed[0].error);
      const recorded = outcomes.some((o) => o.status === 'recorded');
      const body = partial ? { outcomes, failures: failed.map(describeFailure) } : { outcomes };
      return sendBody(reply, body, recorded ? 201 : 200);
    },
  });
};

function checkIfMatchApplies(parsed: ParsedCommands): void {
  const type = parsed.commands[0]?.type;
  if (!parsed.single || (type !== 'AmendClaim' && type !== 'RetractClaim')) {
    throw new ValidationError([
      { path: 'If-Match', message: 'applies only to a single AmendClaim or RetractClaim (not to an array)' },
    ]);
  }
}

function describeFailure({ index, error }: Failed) {
  const { type: _type, instance: _instance, ...problem } = problemOf(error).problem;
  return { index, ...problem };
}
