export { initialState, evolve, positionAtTime, type LedgerState, type ClaimRecord, type Recorded } from './ledger-state.js';
export { now, asOf, canonicalOf, standingLink, type AsOf } from './as-of.js';
export { resolveSubject, keysOfClaim, type ResolvedKeys } from './resolved-keys.js';
export { transfers, transfer, type TransferView, type FacilityOfTransfer } from './transfers.js';
export { counts, type CountsView, type ConsistencyCheck } from './counts.js';
export { facilities, type FacilityView } from './facility-assignments.js';
export { history, type HistoryRequest, type SubjectHistory, type HistoryEntry } from './claim-history.js';
export { diff, type DiffRequest, type LedgerDiff, type ResolvedChange } from './diff.js';
