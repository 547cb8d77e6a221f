import { stringifyJson } from '../runtime/json.js';
import { stdoutOutput } from './output.js';

/**
 * `--json` prints the body exactly as HTTP serves it (through the same serialiser);
 * otherwise the readable rendering.
 */
export async function printBody<Body>(body: Body, json: boolean | undefined, render: (body: Body) => string): Promise<void> {
  const out = stdoutOutput();
  await out.write(json ? `${stringifyJson(body, 2)}\n` : render(body));
  await out.end();
}
