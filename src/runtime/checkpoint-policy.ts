/** A periodic save is due once 1/LOG_PARTS of the log has been folded since the last (see checkpointDue). */
const LOG_PARTS = 4n;

/**
 * Whether a periodic checkpoint is due: `every` events folded since the last save, or a quarter
 * of the log, whichever is more. A whole save costs in proportion to the whole state (seconds
 * of the event loop's time, in pieces, at a million events) and still comes every second or
 * third save, between deltas (see checkpoint.ts); with a share of the log, the cost per event
 * folded stays bounded, and a restart after a crash folds at most that share.
 */
export function checkpointDue(position: bigint, savedAt: bigint, every: number): boolean {
  const folded = position - savedAt;
  const byShare = position / LOG_PARTS;
  const threshold = BigInt(every) > byShare ? BigInt(every) : byShare;
  return folded > 0n && folded >= threshold;
}
