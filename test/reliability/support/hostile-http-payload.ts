import fc from 'fast-check';
import { aliasSubject, assertCount, assertStatus, recordReport, registerSource, type CommandObject } from './hostile-bases.js';
import { bytesOf, type HostileCase } from './hostile-cases.js';

/**
 * Valid commands to send along with a hostile one in a batch (which must then be refused
 * whole). Independent of each other and of the hostile command: their ids carry their place.
 */
export const companions: fc.Arbitrary<CommandObject[]> = fc
  .array(fc.oneof(registerSource, recordReport, assertCount, assertStatus, aliasSubject), { maxLength: 3 })
  .map((commands) => commands.map((command, i) => renamed(command, `ok${i}-`)));

const PRIMARY_ID = ['sourceId', 'reportId', 'claimId', 'alias'] as const;

function renamed(command: CommandObject, prefix: string): CommandObject {
  const copy = { ...command };
  for (const key of PRIMARY_ID) {
    if (typeof copy[key] !== 'string') continue;
    // A source or report a companion registers is not the seed's: keep attribution to the seed.
    if ((key === 'sourceId' && command.type !== 'RegisterSource') || (key === 'reportId' && command.type !== 'RecordReport')) continue;
    const id = copy[key] as string;
    copy[key] = key === 'alias' ? id.replace(':', `:${prefix}`) : `${prefix}${id}`;
  }
  return copy;
}

export interface HttpCase {
  hostile: HostileCase;
  /** Valid commands to put before and after the hostile one, in an array body. */
  batch: [CommandObject[], CommandObject[]] | null;
}

/** The body to send, and the index of the hostile command when it travels in a batch. */
export function httpPayloadOf({ hostile, batch }: HttpCase): { body: Buffer; index?: number } {
  if (batch === null || hostile.element === undefined) return { body: bytesOf(hostile) };
  const [before, after] = batch;
  const elements = [...before.map((c) => JSON.stringify(c)), hostile.element, ...after.map((c) => JSON.stringify(c))];
  return { body: Buffer.from(`[${elements.join(',')}]`, 'utf8'), index: before.length };
}
