import type { FastifyInstance } from 'fastify';

/**
 * Every route of an app, as a concrete path (parameters filled with `sample`), read from
 * Fastify's own route tree so that a route added later is covered without editing the test.
 */
export function concretePaths(app: FastifyInstance, sample: (param: string) => string): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[└├]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    if (match[3] !== undefined) paths.push(stack.join('').replace(/:(\w+)/g, (_, name: string) => sample(name)).replace(/\*$/, 'anything'));
  }
  return [...new Set(paths.map((path) => path.replace(/\/{2,}/g, '/')))];
}
