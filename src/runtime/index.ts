export { Ledger, type OpenLedgerOptions } from './ledger.js';
export { executeCommands, BatchRejectedError, type ExecuteOptions, type ExecuteResult, type CommandOutcome } from './command-handler.js';
export { Projector, rebuild, type ProjectorSnapshot } from './projector.js';
export { stringifyJson } from './json.js';
export { positionOfAsOf } from './as-of-param.js';
