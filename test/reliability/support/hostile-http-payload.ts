import fc from 'fast-check';
import { anyBase, independentCommands, type CommandObject } from './hostile-bases.js';
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

/** Cases that make sense over HTTP only: bodies over the limit, content types that are not JSON. */
export function httpOnlyCases(bodyLimit: number): fc.Arbitrary<HostileCase> {
  const overLimit = anyBase.chain((base) =>
    fc.integer({ min: 1, max: bodyLimit }).map((extra): HostileCase => ({
      kind: 'body over the limit',
      element: JSON.stringify({ ...base, notes: 'x'.repeat(bodyLimit + extra) }),
      httpOnly: { overLimit: true },
    })),
  );
  const contentType = anyBase.chain((base) =>
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx').map(
      (type): HostileCase => ({ kind: `content type ${type}`, bytes: Buffer.from(JSON.stringify(base)), httpOnly: { contentType: type } }),
    ),
  );
  return fc.oneof(overLimit, contentType);
}
