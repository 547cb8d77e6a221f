import type fc from 'fast-check';
import { independentCommands, type CommandObject } from './hostile-bases.js';
import { bytesOf, type HostileCase } from './hostile-cases.js';

/** Valid commands to send along with a hostile one in a batch (which must then be refused whole). */
export const companions: fc.Arbitrary<CommandObject[]> = independentCommands(3);

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
