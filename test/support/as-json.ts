import { jsonForm } from '../../src/runtime/json.js';

/** A body as a client receives it: bigints as numbers, dates as ISO strings, undefined fields gone. */
export const asJson = jsonForm;
