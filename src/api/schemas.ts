import { z } from 'zod';

/**
 * Request parts shared by several routes, and the response shapes the OpenAPI document
 * shows. Command bodies are the domain's own schemas (src/domain/commands.ts), not copies.
 */

export const AsOfParam = z
  .string()
  .max(64)
  .optional()
  .describe('A log position (e.g. 42) or an ISO 8601 time (e.g. 2026-11-24T10:00:00Z): the view as it stood then. Default: now.');

export const AsOfQuery = z.object({ asOf: AsOfParam });

/** The longest page any paged read may ask for (entries, steps or subjects; see PageLimit). */
export const MAX_PAGE_LIMIT = 10_000;

/** How long a page may be: list views count entries, a history its steps, a diff its subjects. */
export const PageLimit = z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).optional();

/** Where a page by subject starts: after this subject (the previous page's `next`). */
export const SubjectCursor = z.string().min(1).max(200).optional();

/**
 * A list view's query: as of a point, and optionally one page of it. Pinning `asOf` to the
 * first page's `asOf.position` keeps later pages of the same list while the log grows.
 */
export const ListQuery = AsOfQuery.extend({
  limit: PageLimit.describe('Most entries to return; with it (or `after`) the body is one page and says `next`'),
  after: SubjectCursor.describe('Start after this subject: the `next` of the previous page'),
});

export const NextCursor = z.string().nullable().describe('`after` for the next page; null on the last page');

export const Position = z.number().int().nonnegative().describe('Global log position');

/** A log position in a query string (up to 19 digits, read as a bigint). */
export const PositionParam = z.string().regex(/^\d{1,19}$/, 'must be a log position');

/** Which point of the log a body describes. */
export const AsOfBody = z.object({
  position: Position,
  recordedAt: z.string().nullable(),
  events: z.number().int(),
});

/** DESIGN §4: one shape for a resolved value everywhere. */
export const Resolved = z
  .looseObject({
    value: z.unknown(),
    interval: z.tuple([z.number(), z.number().nullable()]).optional(),
    claimId: z.string(),
    sourceId: z.string(),
    hedge: z.string(),
    reportId: z.string(),
    conflict: z.boolean(),
    alternatives: z.array(z.looseObject({ value: z.unknown(), claimId: z.string(), sourceId: z.string(), hedge: z.string() })),
  })
  .describe('A resolved value: the top claim, its interval, the alternatives and the conflict flag');

export const ProblemBody = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('The ledger error code (see the error table)'),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          index: z.number().int().optional().describe('Index of the command in a POSTed array'),
          line: z.number().int().optional(),
        }),
      )
      .optional(),
    currentEtag: z.string().optional(),
  })
  .describe('application/problem+json (RFC 9457)');

/** The problem responses a read can give. */
export const readProblems = { 400: ProblemBody, 401: ProblemBody, 404: ProblemBody };
